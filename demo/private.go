package demo

import (
	"context"
	"fmt"

	"casebook/store"
)

// Private returns the demo's private fields, by case slug and key: made
// up, marked as such, and on a published case, so that the studio shows
// what a team keeps beside a case and the public site shows that none of
// it leaves. Load saves them; it never prints them.
func Private() map[string]map[string]string {
	return map[string]map[string]string{
		"marina-sokolova": {
			store.PrivateFamilyContact:     "Муж, Андрей Соколов (вымышленный контакт для демонстрации): +7 900 000-00-01, Signal, писать после 20:00.",
			store.PrivateLawyerContact:     "Адвокат Ирина Павлова (вымышленная): +7 900 000-00-02. Готова подтвердить даты этапа, но не для публикации.",
			store.PrivateSourceReliability: "B2: обычно надёжный источник, сведения вероятно верны. Муж; даты подтверждены копией приговора.",
			store.PrivateNotes:             "Демонстрационная заметка: семья просит не называть школу, где учится дочь, и не публиковать фотографию дома.",
		},
	}
}

// loadPrivate saves the demo's private fields of the case, as its
// author.
func loadPrivate(ctx context.Context, st *store.Store, author *store.User, id int64, slug string) error {
	fields, ok := Private()[slug]
	if !ok {
		return nil
	}
	var edits []store.PrivateEdit
	for _, k := range store.PrivateKeys() {
		edits = append(edits, store.PrivateEdit{Key: k, Value: fields[k]})
	}
	if _, err := st.SavePrivate(ctx, author, id, edits); err != nil {
		return fmt.Errorf("private fields of %s: %w", slug, err)
	}
	return nil
}
