package handlers

import (
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/views"
)

// groupCode is what a case group's code may be (store.refCodePattern);
// anything else is not a group, and is not looked up.
var groupCode = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)

// group is a case group's page: its name and description, and every
// published member with their own status, custody and sentence. A group
// none of whose members is published answers 404, as an unknown code
// does: a page listing nobody would tell that it has members the public
// may not see.
func (h *Handler) group(c echo.Context) error {
	p := h.publicPrinter(c)
	code := c.Param("code")
	if len(code) > 60 || !groupCode.MatchString(code) {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	g, err := h.st.PublicGroup(ctx, code)
	if err != nil {
		return err
	}
	if len(g.Members) == 0 {
		return echo.ErrNotFound
	}
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	l := p.Lang()
	t := g.Group.Text(l)
	name := t.Name
	if name == "" {
		name = g.Group.Text(l.Other()).Name
	}
	description := t.Description
	if description == "" {
		description = p.T("group.description", name)
	}
	vm := views.GroupPage{
		Page:            h.publicPage(c, p, name+" · "+p.T("site.name"), "/groups/"+code, description),
		Name:            name,
		DescriptionHTML: h.md.HTML(t.Description),
	}
	for _, m := range g.Members {
		card := views.GroupMemberCard{
			Person: personLink(l, m),
			Status: statusLabel(p, refs, m.Status),
			Thumb:  m.Thumb,
		}
		cl := l
		if card.Person.Lang != "" {
			cl = card.Person.Lang
		}
		card.Headline = m.Headline[cl]
		if m.Live.Custody != "" {
			card.Custody = p.TOr("custody."+m.Live.Custody, m.Live.Custody)
		}
		// The sentence of the member's prosecution in this group (the
		// latest, should two name it).
		var ps []content.Prosecution
		for _, q := range m.Live.Prosecutions {
			if q.Group == code {
				ps = append(ps, q)
			}
		}
		if i := content.Latest(ps); i >= 0 {
			card.Sentence = p.Sentence(ps[i].Sentence)
		}
		vm.Members = append(vm.Members, card)
	}
	sortByName(vm.Members, func(m views.GroupMemberCard) string { return m.Person.Name })
	return h.render(c, http.StatusOK, views.GroupView(vm))
}
