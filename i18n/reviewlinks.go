package i18n

// reviewLinkMessages are the texts of review links: the studio's page of
// a case's links, the guest's page behind one, the thread's mark of a
// guest's comment and the audit log's words, {Russian, English}.
func reviewLinkMessages() map[string][2]string {
	return map[string][2]string{
		// The studio's page
		"reviewlink.title":       {"Ссылки для внешней проверки: %s", "Review links: %s"},
		"reviewlink.title_short": {"Ссылки для внешней проверки", "Review links for outsiders"},
		"reviewlink.back":        {"Вернуться к делу", "Back to the case"},
		"reviewlink.intro": {
			"Ссылка позволяет человеку без учётной записи — адвокату, родственнику — прочитать черновик профиля таким, каким он выйдет, и, если вы разрешите, оставить комментарий. Одобрить, отправить или опубликовать по ссылке ничего нельзя. Ссылка перестаёт открываться, когда её отзывают, когда истекает её срок, когда дело публикуется или снимается с публикации и когда отключают учётную запись, которая её создала.",
			"A link lets a person without an account (the defence lawyer, a relative) read the profile's draft as it would go out and, if you allow it, leave a comment. Nothing can be approved, submitted or published through it. A link stops opening when it is revoked, when it expires, when the case is published or unpublished, and when the account that made it is disabled.",
		},
		"reviewlink.created":     {"Ссылка «%s» создана", "Link “%s” created"},
		"reviewlink.created_url": {"Адрес ссылки", "The link's address"},
		"reviewlink.created_once": {
			"Скопируйте адрес сейчас: он показан один раз и больше нигде не хранится. Передайте его только тому, для кого он, по надёжному каналу.",
			"Copy the address now: it is shown this once and kept nowhere. Give it only to the person it is for, over a channel you trust.",
		},
		"reviewlink.created_what":           {"%s; действует до %s.", "%s; works until %s."},
		"reviewlink.live":                   {"Действующие ссылки", "Live links"},
		"reviewlink.live_none":              {"Действующих ссылок нет.", "No live links."},
		"reviewlink.revoke":                 {"Отозвать", "Revoke"},
		"reviewlink.revoke_label":           {"Отозвать ссылку «%s»", "Revoke the link “%s”"},
		"reviewlink.new":                    {"Новая ссылка", "New link"},
		"reviewlink.label":                  {"Для кого", "Who it is for"},
		"reviewlink.label_hint":             {"например, «адвокат» или «сестра»; это видно в обсуждении дела", "for example “defence lawyer” or “sister”; the case's thread shows it"},
		"reviewlink.scope":                  {"Что можно по ссылке", "What the link allows"},
		"reviewlink.scope.view":             {"Только просмотр", "View only"},
		"reviewlink.scope.view_and_comment": {"Просмотр и комментарии", "View and comment"},
		"reviewlink.hours":                  {"Срок действия, в часах", "Lifetime, in hours"},
		"reviewlink.hours_hint":             {"72 по умолчанию, не больше 336 (14 дней)", "72 by default, at most 336 (14 days)"},
		"reviewlink.pin":                    {"Показывать только версию %d (как сейчас)", "Show revision %d only (as it is now)"},
		"reviewlink.pin_hint": {
			"Иначе ссылка при каждом просмотре показывает рабочую версию, с правками, сделанными после.",
			"Otherwise the link shows the working revision at each view, with the edits made since.",
		},
		"reviewlink.create":               {"Создать ссылку", "Create the link"},
		"reviewlink.ended":                {"Закрытые ссылки", "Ended links"},
		"reviewlink.shows":                {"Показывает", "Shows"},
		"reviewlink.shows_pinned":         {"версию %d", "revision %d"},
		"reviewlink.shows_working":        {"рабочую версию на момент просмотра", "the working revision at each view"},
		"reviewlink.expires":              {"Действует до", "Works until"},
		"reviewlink.views":                {"Просмотров", "Views"},
		"reviewlink.last_viewed":          {"Последний просмотр", "Last viewed"},
		"reviewlink.never":                {"ещё не открывали", "not yet opened"},
		"reviewlink.made_by":              {"Создана", "Created by"},
		"reviewlink.why.revoked":          {"отозвана", "revoked"},
		"reviewlink.why.expired":          {"истёк срок", "expired"},
		"reviewlink.why.published":        {"дело опубликовано", "the case was published"},
		"reviewlink.why.unpublished":      {"дело снято с публикации", "the case was unpublished"},
		"reviewlink.why.creator_disabled": {"учётная запись, создавшая ссылку, отключена", "the account that made it was disabled"},
		// The thread's mark of a guest's comment
		"reviewlink.external": {"внешний комментарий · ссылка «%s»", "external · link “%s”"},
		"reviewlink.error.role": {
			"Ссылки для внешней проверки создают и отзывают юристы, редакторы и администраторы.",
			"Lawyers, editors and administrators make and revoke review links.",
		},
		"reviewlink.error.label_empty":  {"Напишите, для кого ссылка.", "Say who the link is for."},
		"reviewlink.error.label_long":   {"Не длиннее 100 знаков.", "At most 100 characters."},
		"reviewlink.error.scope":        {"Выберите, что можно по ссылке.", "Choose what the link allows."},
		"reviewlink.error.hours_number": {"Введите число часов, например 72.", "Enter a number of hours, such as 72."},
		"reviewlink.error.hours_max": {
			"Не больше %d часов (14 дней): ссылка на черновик не должна жить дольше.",
			"At most %d hours (14 days): a link to a draft must not live longer.",
		},
		"reviewlink.error.hours_min": {"Не меньше одного часа.", "At least one hour."},
		"reviewlink.error.revision": {
			"Страница устарела: откройте её снова, чтобы закрепить версию, которую видите.",
			"The page is out of date: open it again to pin the revision you see.",
		},
		"reviewlink.error.unknown": {"У этого дела нет такой ссылки.", "This case has no such link."},
		"flash.link_revoked":       {"Ссылка отозвана: она больше не открывается.", "Link revoked: it no longer opens."},
		"flash.link_already_ended": {"Эта ссылка уже была закрыта.", "That link had already ended."},

		// The guest's page
		"guest.title":  {"Конфиденциальный черновик", "Confidential draft"},
		"guest.banner": {"Конфиденциальный черновик — не опубликовано", "Confidential draft — not published"},
		"guest.banner_text": {
			"Это версия %d профиля, который ещё не вышел; её показывают вам для проверки. Не пересылайте эту ссылку и не публикуйте ничего с этой страницы. Ссылка действует до %s.",
			"This is revision %d of a profile that has not gone out, shown to you for review. Do not pass this link on or publish anything from this page. The link works until %s.",
		},
		"guest.comment_heading":     {"Комментарий для команды", "A comment for the team"},
		"guest.comment_hint":        {"Его прочтёт только команда проекта, вместе с вашим именем.", "Only the project's team reads it, with your name."},
		"guest.comment_sent":        {"Спасибо: ваш комментарий получен.", "Thank you: your comment reached the team."},
		"guest.name":                {"Ваше имя", "Your name"},
		"guest.name_hint":           {"как вас знает команда", "as the team knows you"},
		"guest.comment":             {"Комментарий", "Comment"},
		"guest.send":                {"Отправить команде", "Send to the team"},
		"guest.error.name_empty":    {"Напишите, как вас зовут.", "Write your name."},
		"guest.error.name_long":     {"Не длиннее %d знаков.", "At most %d characters."},
		"guest.error.comment_empty": {"Напишите комментарий.", "Write a comment."},
		"guest.error.comment_long":  {"Не длиннее %d знаков.", "At most %d characters."},
		"guest.error.too_many": {
			"Слишком много комментариев за короткое время. Попробуйте снова через %d мин.; текст сохранён.",
			"Too many comments in a short time. Try again in %d min; your text is kept.",
		},
		"guest.error.view_only":   {"Эта ссылка позволяет только читать.", "This link allows reading only."},
		"guest.error.forbidden":   {"По ссылке для проверки можно только читать и комментировать.", "A review link lets you read and comment, nothing else."},
		"guest.ended.heading":     {"Ссылка не открывается", "This link does not open"},
		"guest.ended.message":     {"Эта ссылка для проверки больше не действует или неверна.", "This review link has ended or is not valid."},
		"guest.ended.ask":         {"Если проверка ещё нужна, попросите новую ссылку у того, кто прислал эту.", "If the review is still needed, ask whoever sent it for a new one."},
		"guest.throttled.heading": {"Слишком много попыток", "Too many attempts"},
		"guest.throttled.message": {
			"С вашего адреса пробовали слишком много ссылок, которые не открываются. Попробуйте снова через %d мин.",
			"Too many links that do not open were tried from your network. Try again in %d min.",
		},

		// The audit log
		"audit.action.review_link.create":  {"Создана ссылка для внешней проверки", "Review link created"},
		"audit.action.review_link.revoke":  {"Отозвана ссылка для внешней проверки", "Review link revoked"},
		"audit.action.review_link.end":     {"Закрыта ссылка для внешней проверки", "Review link ended"},
		"audit.action.review_link.view":    {"Просмотр по ссылке для проверки", "Viewed through a review link"},
		"audit.action.review_link.comment": {"Комментарий по ссылке для проверки", "Comment through a review link"},
		"audit.detail.review_link":         {"«%s» (ссылка №%d)", "“%s” (link no. %d)"},
		"audit.detail.review_link_create":  {"«%s» (ссылка №%d): %s, до %s", "“%s” (link no. %d): %s, until %s"},
		"audit.detail.review_link_pinned":  {"%s; версия %d", "%s; revision %d"},
		"audit.detail.review_link_end":     {"«%s» (ссылка №%d): %s", "“%s” (link no. %d): %s"},
	}
}
