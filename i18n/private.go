package i18n

// privateMessages are the words of a case's private fields: their page,
// the link to it on the case page, and their audit entries.
func privateMessages() map[string][2]string {
	return map[string][2]string{
		"private.title":   {"Закрытые поля", "Private fields"},
		"private.heading": {"Закрытые поля: %s", "Private fields: %s"},
		"private.intro": {
			"То, что команда хранит рядом с делом и никогда не публикует. Этих полей нет ни в версиях профиля, ни на сайте, ни в поиске, ни в открытых данных, ни в статической копии сайта; выгрузка данных (casebook export) содержит их, только если попросить об этом флагом --include-private.",
			"What the team keeps beside the case and never publishes. These fields are in no revision of the profile, not on the site, in search, in the open data or in the static copy of the site; the data export (casebook export) carries them only when asked to, with --include-private.",
		},
		"private.who": {
			"Их видят и меняют юристы, редакторы, администраторы и исследователь, который завёл дело. Каждое открытие этой страницы с заполненными полями и каждое изменение записываются в журнал действий (какие поля, но не их содержание).",
			"Lawyers, editors, administrators and the researcher who started the case see and change them. Every opening of this page with fields filled in, and every change, goes into the audit log (which fields, never what they hold).",
		},
		"private.field.family_contact":     {"Контакт семьи", "Family contact"},
		"private.field.lawyer_contact":     {"Контакт адвоката", "Defence lawyer's contact"},
		"private.field.source_reliability": {"Надёжность источника", "Source reliability"},
		"private.field.notes":              {"Заметки", "Notes"},
		"private.hint.family_contact":      {"Кто из близких, как связаться, когда и как лучше писать.", "Which relative, how to reach them, when and how it is safe to write."},
		"private.hint.lawyer_contact":      {"Имя адвоката, телефон, мессенджер, что он готов подтвердить.", "The lawyer's name, telephone, messenger, what they are willing to confirm."},
		"private.hint.source_reliability":  {"Откуда сведения и насколько им можно доверять, например: «B2: обычно надёжный источник, вероятно верно; сестра, подтверждено приговором».", "Where the information comes from and how far to trust it, for example: \"B2: usually reliable source, probably true; the sister, confirmed by the verdict\"."},
		"private.hint.notes":               {"Всё остальное, что нельзя публиковать.", "Anything else that must not be published."},
		"private.limit":                    {"до %d знаков", "up to %d characters"},
		"private.too_long":                 {"Не больше %d знаков, а здесь %d. Сократите текст: ничего не сохранено.", "At most %d characters, and this has %d. Shorten it: nothing was saved."},
		"private.errors":                   {"Ничего не сохранено: исправьте отмеченные поля.", "Nothing was saved: correct the fields marked below."},
		"private.conflict": {
			"Пока вы редактировали, кто-то сохранил эти поля по-другому. Ничего не сохранено: ваш текст остался в полях, а сохранённый показан под ними. Сравните и нажмите «Сохранить закрытые поля» ещё раз: сохранится то, что в полях.",
			"Someone saved these fields differently while you were editing. Nothing was saved: your text is still in the fields, and what they saved is shown below each. Compare, then press \"Save private fields\" again: what the fields hold is saved.",
		},
		"private.theirs":       {"Сохранено: %s, %s. Их текст:", "Saved by %s, %s. Their text:"},
		"private.theirs_empty": {"Поле очищено: %s, %s.", "Emptied by %s, %s."},
		"private.merged":       {"Пока вы редактировали, это поле изменено (%s), а вы его не меняли: в поле новый текст.", "This field was changed by %s while you were editing, and you had not changed it: the field holds the new text."},
		"private.updated":      {"Изменено: %s, %s", "Last changed by %s, %s"},
		"private.updated_at":   {"Изменено %s", "Last changed %s"},
		"private.save":         {"Сохранить закрытые поля", "Save private fields"},
		"private.kept":         {"Это то, что вы отправили, когда сессия уже закончилась. Пока ничего не сохранено: проверьте и нажмите «Сохранить закрытые поля».", "This is what you sent after your session had ended. Nothing is saved yet: check it and press \"Save private fields\"."},
		"private.link":         {"Закрытые поля", "Private fields"},
		"private.filled":       {"заполнено: %d из %d", "%d of %d filled"},
		"private.someone":      {"кто-то", "someone"},
		"flash.private":        {"Закрытые поля сохранены.", "Private fields saved."},
		"flash.private_same":   {"Изменений нет, ничего не записано.", "Nothing changed; nothing was written."},

		"audit.action.private.read":   {"Просмотр закрытых полей", "Private fields read"},
		"audit.action.private.edit":   {"Изменены закрытые поля", "Private fields changed"},
		"audit.action.private.export": {"Выгрузка с закрытыми полями", "Export with private fields"},
		"audit.detail.private_export": {"%s; дел с закрытыми полями: %d", "%s; cases with private fields: %d"},
	}
}
