package i18n

// publicDataMessages are the texts of the public data beside the open
// data page: the list's filters of person facts and prosecutions, their
// errors, and the statistics of people, prosecutions, ages and terms,
// {Russian, English}.
func publicDataMessages() map[string][2]string {
	return map[string][2]string{
		"filter.name_group":       {"Группа дел", "Case group"},
		"filter.name_gender":      {"Пол", "Gender"},
		"filter.name_citizenship": {"Гражданство", "Citizenship"},
		"filter.name_released":    {"Освобождён(а)", "Released"},
		"filter.name_born_from":   {"Год рождения, с", "Born in or after"},
		"filter.name_born_to":     {"Год рождения, по", "Born in or before"},
		"filter.gender_male":      {"мужской", "male"},
		"filter.gender_female":    {"женский", "female"},
		"filter.gender_other":     {"другой", "other"},
		"filter.released_true":    {"да", "yes"},
		"filter.released_false":   {"нет", "no"},

		"error.filter_gender":      {"Фильтр gender принимает male, female или other.", "The gender filter takes male, female or other."},
		"error.filter_citizenship": {"Фильтр citizenship принимает двухбуквенный код страны ISO 3166, например RU.", "The citizenship filter takes a two-letter ISO 3166 country code, such as RU."},
		"error.filter_born":        {"Год рождения в фильтрах born_from и born_to — четыре цифры, например 1980.", "A year of birth in born_from and born_to is four digits, such as 1980."},
		"error.filter_born_order":  {"Год рождения born_from позже года born_to.", "The year born_from is later than the year born_to."},
		"error.filter_released":    {"Фильтр released принимает true или false.", "The released filter takes true or false."},

		"stats.people":              {"Людей", "People"},
		"stats.prosecutions_header": {"Преследований", "Prosecutions"},
		"stats.gender":              {"Люди по полу", "People by gender"},
		"stats.gender_caption":      {"Число опубликованных профилей по полу.", "Published profiles by gender."},
		"stats.gender_unknown":      {"не указан", "not stated"},
		"stats.ages":                {"Люди по возрасту", "People by age"},
		"stats.ages_caption":        {"Возраст сегодня по опубликованной дате рождения; если известен только год рождения, считается наименьший возможный возраст.", "Age today from the published date of birth; where only the year of birth is known, the lowest age it allows."},
		"stats.age":                 {"Возраст", "Age"},
		"stats.term":                {"Срок", "Term"},
		"stats.age.under-25":        {"младше 25 лет", "under 25"},
		"stats.age.25-34":           {"25–34 года", "25–34"},
		"stats.age.35-44":           {"35–44 года", "35–44"},
		"stats.age.45-54":           {"45–54 года", "45–54"},
		"stats.age.55-64":           {"55–64 года", "55–64"},
		"stats.age.65-plus":         {"65 лет и старше", "65 and over"},
		"stats.age.unknown":         {"возраст неизвестен", "age unknown"},
		"stats.terms":               {"Сроки по приговорам", "Terms of sentences"},
		"stats.terms_caption":       {"Уголовные преследования с приговором, по сроку наказания; ровно 3, 5, 10 или 15 лет входят в меньшую группу. Условный срок и наказание без срока (например, штраф) — отдельной строкой.", "Prosecutions with a sentence, by its term; exactly 3, 5, 10 or 15 years belong to the lower group. A suspended sentence and a punishment without a term (such as a fine) have a row of their own."},
		"stats.term.none":           {"условно или без срока", "suspended or no term"},
		"stats.term.up-to-3":        {"до 3 лет", "up to 3 years"},
		"stats.term.3-5":            {"больше 3 и до 5 лет", "over 3, up to 5 years"},
		"stats.term.5-10":           {"больше 5 и до 10 лет", "over 5, up to 10 years"},
		"stats.term.10-15":          {"больше 10 и до 15 лет", "over 10, up to 15 years"},
		"stats.term.over-15":        {"больше 15 лет", "over 15 years"},
	}
}
