// Progressive enhancement of the case form: nothing typed is lost to a
// stray click. While the form holds text the server does not have, leaving
// the page asks first; and every 20 seconds, and whenever the page is
// hidden or shown, a changed form is sent to the server as the account's
// unsaved copy (never a file), which the form offers back when it is
// opened again. Nothing is kept in the browser: on a shared computer it
// would outlive signing out. Without this script the form works the same,
// and the server keeps a copy of every save that does not go through.
(function () {
  "use strict";
  var form = document.querySelector("form[data-unsaved-warning]");
  if (!form || !window.FormData) {
    return;
  }
  var url = form.dataset.autosave;
  var status = document.getElementById("autosave-status");

  function fields() {
    var data = new FormData(form);
    data.delete("photo");
    return data;
  }

  // snapshot ignores empty fields, so that an empty row added to a table
  // is no change, while a field emptied is one.
  function snapshot(data) {
    var parts = [];
    data.forEach(function (value, name) {
      if (typeof value === "string" && value !== "") {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    });
    return parts.join("&");
  }

  // kept is what the server has: the form as it came, then each copy.
  var kept = snapshot(fields());
  // A form that came back with text no revision holds (a save that did
  // not go through, a prosecution added or removed, a copy restored) is
  // changed from the start: the server keeps a copy, but leaving it still
  // leaves unsaved changes.
  var unsaved = form.dataset.unsavedText === "on";
  var submitting = false;
  var sending = false;
  var stopped = !url || !window.fetch;

  function say(key) {
    if (!status) {
      return;
    }
    var now = new Date();
    var time = ("0" + now.getUTCHours()).slice(-2) + ":" + ("0" + now.getUTCMinutes()).slice(-2) + " UTC";
    status.textContent = (status.dataset[key] || "").replace("{time}", time);
  }

  function send(leaving) {
    if (stopped || submitting || sending) {
      return;
    }
    var data = fields();
    var snap = snapshot(data);
    if (snap === kept) {
      return;
    }
    data.append("autosave_gen", form.dataset.autosaveGen);
    sending = true;
    // keepalive lets the copy of a page being left arrive; browsers
    // take only small bodies that way.
    fetch(url, {method: "POST", body: data, credentials: "same-origin", keepalive: leaving === true})
      .then(function (res) {
        sending = false;
        if (res.status === 204) {
          kept = snap;
          say("kept");
        } else if (res.status === 401) {
          stopped = true;
          say("ended");
        } else if (res.status < 500) {
          // Refused for good (the form was saved in another window, the
          // text is too large, the case is no longer the person's to
          // edit): say so, and stop asking.
          stopped = true;
          say("failed");
        }
      }, function () {
        // Offline or the server down: the next turn tries again.
        sending = false;
      });
  }

  window.setInterval(send, 20000);
  document.addEventListener("visibilitychange", function () {
    send(document.visibilityState === "hidden");
  });
  window.addEventListener("pagehide", function () {
    send(true);
  });

  // The form's own submission is no leaving: it takes the text along,
  // whichever of its buttons sends it (Save, or one that adds a row or a
  // prosecution and shows the form again). Checked last (the window,
  // bubbling), so that a submission another script cancelled still
  // counts as staying.
  window.addEventListener("submit", function (event) {
    if (event.target === form && !event.defaultPrevented) {
      submitting = true;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && (unsaved || snapshot(fields()) !== kept)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
