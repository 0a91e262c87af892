# Build a static binary: modernc.org/sqlite is pure Go, so CGO stays off.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/casebook ./cmd/casebook \
 && mkdir -p /out/data

# Nothing but the binary, CA certificates and a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/casebook /casebook
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
VOLUME ["/data"]
ENV CASEBOOK_DB=/data/casebook.db \
    CASEBOOK_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK NONE
ENTRYPOINT ["/casebook"]
CMD ["serve"]
