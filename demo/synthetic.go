package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"casebook/content"
	"casebook/media"
	"casebook/search"
	"casebook/store"
)

// Synthetic makes n realistic, fictional cases for load tests and
// benchmarks: both languages, varied regions, articles, categories, dates
// and lengths, person facts, one to three prosecutions each (most have
// one, as in the field), some of them in group cases, with sentences as
// data, and photos for about one case in photoEvery (0: none). The same
// seed gives the same cases. The result imports with store.Import: its
// groups are among its references, as an export carries them.
func Synthetic(n int, seed uint64, photoEvery int) (*store.Dump, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := &store.Dump{Format: store.ExportFormat, Version: 1, References: map[store.RefKind][]store.DumpRef{}}
	// About one group for thirty people, one person in eight in a group:
	// a group has three or four members on average.
	pool := synthGroups(r, max(1, n/30))
	seen := map[string]int{}
	for i := 0; i < n; i++ {
		c := synthCase(r, i, pool)
		base := content.MakeSlug(c)
		seen[base]++
		c.Slug = base
		if seen[base] > 1 {
			c.Slug = fmt.Sprintf("%s-%d", base, seen[base])
		}
		if photoEvery > 0 && i%photoEvery == 0 {
			variants, err := media.Process(bytes.NewReader(portrait(r, i)))
			if err != nil {
				return nil, err
			}
			for j, v := range variants {
				parent := ""
				if j > 0 {
					parent = variants[0].Hash
				}
				d.Media = append(d.Media, store.DumpMedia{Hash: v.Hash, Ext: v.Ext, Mime: v.Mime, Variant: v.Name, Parent: parent, Width: v.Width, Height: v.Height, Data: v.Data})
			}
			c.Photo = content.Photo{URL: "/media/" + variants[0].Hash + "." + variants[0].Ext, Credit: "Family archive"}
			c.RU.PhotoAlt, c.EN.PhotoAlt = "Портрет: "+c.RU.Name, "Portrait of "+c.EN.Name
		}
		d.Cases = append(d.Cases, store.DumpCase{Case: *c})
	}
	// A group of one is no group: its one member's prosecution is then
	// the person's own, and only groups of two or more are written.
	members := map[string]int{}
	for _, dc := range d.Cases {
		for _, p := range dc.Prosecutions {
			members[p.Group]++
		}
	}
	for i := range d.Cases {
		for j := range d.Cases[i].Prosecutions {
			if p := &d.Cases[i].Prosecutions[j]; p.Group != "" && members[p.Group] < 2 {
				p.Group = ""
			}
		}
	}
	for _, g := range pool {
		if members[g.ref.Code] >= 2 {
			d.References[store.RefGroups] = append(d.References[store.RefGroups], g.ref)
		}
	}
	return d, nil
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

var (
	maleFirst   = []string{"Александр", "Алексей", "Андрей", "Артём", "Борис", "Вадим", "Виктор", "Владимир", "Дмитрий", "Евгений", "Игорь", "Илья", "Кирилл", "Максим", "Михаил", "Николай", "Олег", "Павел", "Роман", "Руслан", "Сергей", "Станислав", "Тимур", "Эдуард", "Юрий", "Ринат", "Эльдар", "Айдар"}
	femaleFirst = []string{"Анна", "Алёна", "Валентина", "Вера", "Дарья", "Екатерина", "Елена", "Ирина", "Ксения", "Людмила", "Мария", "Надежда", "Наталья", "Ольга", "Светлана", "Татьяна", "Юлия", "Лилия", "Зарема"}
	lastStems   = []string{"Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Петров", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв", "Макаров", "Андреев", "Ковалёв", "Ильин", "Гусев", "Титов", "Кузьмин", "Кудрявцев", "Баранов", "Куликов", "Алексеев", "Степанов", "Яковлев", "Сорокин", "Сергеев", "Романов", "Захаров", "Борисов", "Королёв", "Герасимов", "Пономарёв", "Григорьев"}
	regions     = []string{"moscow", "saint-petersburg", "moscow-oblast", "tatarstan", "bashkortostan", "krasnodar-krai", "sverdlovsk-oblast", "novosibirsk-oblast", "primorsky-krai", "crimea", "chelyabinsk-oblast", "perm-krai", "kaliningrad-oblast", "tomsk-oblast", "arkhangelsk-oblast", "samara-oblast", "rostov-oblast", "irkutsk-oblast", "khabarovsk-krai", "dagestan", "chechnya", "sevastopol", "nizhny-novgorod-oblast", "voronezh-oblast", "vologda-oblast", "komi", "karelia", "sakha-yakutia", "outside-russia"}
)

type charge struct {
	article, category string
	ruWhat, enWhat    string
	ruFor, enFor      string
	// maxPart is the article's last part, 0 for an article without parts;
	// maxYears its longest term.
	maxPart, maxYears int
	// The topic of a group case on this charge: in the Russian genitive,
	// in English, and in a group's code.
	groupRU, groupEN, groupCode string
}

var charges = []charge{
	{"207.3", "anti-war", "распространение «заведомо ложной информации» об армии", "spreading ‘knowingly false information’ about the army", "за посты о войне в социальных сетях", "for posts about the war on social media", 3, 10, "антивоенного телеграм-канала", "anti-war Telegram channel", "telegram-channel"},
	{"280.3", "anti-war", "повторную «дискредитацию» армии", "repeated ‘discrediting’ of the army", "за антивоенные пикеты и надписи", "for anti-war pickets and graffiti", 2, 5, "антивоенных пикетов", "anti-war pickets", "pickets"},
	{"282.2", "jehovahs-witnesses", "организацию деятельности «экстремистской организации»", "organising the activity of an ‘extremist organisation’", "за совместное чтение Библии", "for reading the Bible with others", 2, 10, "Свидетелей Иеговы", "Jehovah’s Witnesses", "jehovahs-witnesses"},
	{"205.5", "hizb-ut-tahrir", "участие в деятельности «террористической организации»", "taking part in a ‘terrorist organisation’", "за религиозные беседы", "for religious conversations", 3, 20, "«Хизб ут-Тахрир»", "Hizb ut-Tahrir", "hizb-ut-tahrir"},
	{"275", "treason", "государственную измену", "high treason", "за перевод денег украинскому фонду", "for a donation to a Ukrainian foundation", 0, 20, "о пожертвованиях фонду", "foundation donors", "donors"},
	{"284.1", "activism", "участие в деятельности «нежелательной организации»", "taking part in an ‘undesirable organisation’", "за участие в мероприятиях правозащитной организации", "for attending events of a human rights group", 3, 6, "«нежелательной организации»", "‘undesirable organisation’", "undesirable-organisation"},
	{"205.2", "expression", "«оправдание терроризма»", "‘justifying terrorism’", "за комментарий в телеграм-канале", "for a comment in a Telegram channel", 3, 7, "телеграм-чата", "Telegram chat", "telegram-chat"},
	{"280.4", "anti-war", "призывы к деятельности против безопасности государства", "calls for activities against state security", "за листовки против мобилизации", "for leaflets against mobilisation", 3, 7, "листовок против мобилизации", "leaflets against mobilisation", "leaflets"},
	{"212.1", "protests", "неоднократное нарушение порядка проведения публичных мероприятий", "repeated violations of the rules on public assemblies", "за участие в мирных акциях", "for taking part in peaceful protests", 0, 5, "участников мирных акций", "peaceful protesters", "protesters"},
	{"354.1", "expression", "«реабилитацию нацизма»", "‘rehabilitating Nazism’", "за исторический пост", "for a post about history", 4, 5, "исторического паблика", "history page", "history-page"},
}

// city is where a case is tried: its region's code, its name (and in the
// Russian prepositional) and its courts.
type city struct {
	region, ru, ruIn, en, code string
}

var cities = []city{
	{"tatarstan", "Казань", "в Казани", "Kazan", "kazan"},
	{"perm-krai", "Пермь", "в Перми", "Perm", "perm"},
	{"tomsk-oblast", "Томск", "в Томске", "Tomsk", "tomsk"},
	{"primorsky-krai", "Владивосток", "во Владивостоке", "Vladivostok", "vladivostok"},
	{"crimea", "Симферополь", "в Симферополе", "Simferopol", "simferopol"},
	{"sverdlovsk-oblast", "Екатеринбург", "в Екатеринбурге", "Yekaterinburg", "yekaterinburg"},
	{"samara-oblast", "Самара", "в Самаре", "Samara", "samara"},
	{"rostov-oblast", "Ростов-на-Дону", "в Ростове-на-Дону", "Rostov-on-Don", "rostov-on-don"},
	{"irkutsk-oblast", "Иркутск", "в Иркутске", "Irkutsk", "irkutsk"},
	{"moscow", "Москва", "в Москве", "Moscow", "moscow"},
}

var (
	ruSentences = []string{
		"Обвинение основано на показаниях засекреченных свидетелей и заключении лингвистической экспертизы.",
		"Защита указывала, что высказывания не содержали призывов к насилию.",
		"Суд отказал в ходатайстве о домашнем аресте, сославшись на риск давления на свидетелей.",
		"Во время обыска у %s изъяли телефоны, ноутбук и записи.",
		"Родственники %s сообщают, что в СИЗО ему не передают письма.",
		"Следствие продлевало срок содержания под стражей несколько раз.",
		"На заседания не пустили слушателей и журналистов.",
		"Адвокат подал апелляционную жалобу, но приговор оставили без изменений.",
		"Ранее %s неоднократно штрафовали по административным статьям.",
		"В колонии %s несколько раз помещали в штрафной изолятор.",
		"Уголовное дело возбудили через несколько месяцев после публикации.",
		"Эксперты не нашли в текстах признаков возбуждения вражды, но суд не принял их заключение во внимание.",
	}
	enSentences = []string{
		"The charge rests on the testimony of anonymous witnesses and a linguistic expert report.",
		"The defence argued that the statements contained no call for violence.",
		"The court refused house arrest, citing a risk of pressure on witnesses.",
		"During the search, investigators seized phones, a laptop and notes from %s.",
		"Relatives of %s say that letters are not passed on to him in the detention centre.",
		"The investigators extended the pre-trial detention several times.",
		"The public and journalists were not admitted to the hearings.",
		"The lawyer appealed, but the sentence was upheld.",
		"%s had been fined under administrative articles several times before.",
		"In the colony, %s was placed in a punishment cell several times.",
		"The criminal case was opened several months after the publication.",
		"Experts found no signs of incitement in the texts, but the court disregarded their findings.",
	}
)

func paragraph(r *rand.Rand, bank []string, name string) string {
	n := 2 + r.IntN(4)
	var parts []string
	for range n {
		s := pick(r, bank)
		if strings.Contains(s, "%s") {
			s = fmt.Sprintf(s, name)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func date(r *rand.Rand, fromYear, toYear int, precision int) content.Date {
	y := fromYear + r.IntN(toYear-fromYear+1)
	m := 1 + r.IntN(12)
	switch precision {
	case 0:
		return content.Date(fmt.Sprint(y))
	case 1:
		return content.Date(fmt.Sprintf("%d-%02d", y, m))
	}
	return content.Date(fmt.Sprintf("%d-%02d-%02d", y, m, 1+r.IntN(28)))
}

// synthNow is the day the synthetic archive is written on: what is before
// it has happened (a release, a verdict), whatever day the generator runs,
// so that the same seed gives the same cases.
var synthNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// synthGroup is a group case: its members share its charge, city, dates
// and court, each with their own stage of it and sentence.
type synthGroup struct {
	ref                       store.DumpRef
	ch                        charge
	city                      city
	opened, detained, verdict time.Time
	stage                     string
}

// synthGroups makes n group cases, with codes each used once.
func synthGroups(r *rand.Rand, n int) []*synthGroup {
	var out []*synthGroup
	used := map[string]int{}
	for range n {
		g := &synthGroup{ch: pick(r, charges), city: pick(r, cities)}
		g.opened = day(r, 2015, 2024)
		g.detained = g.opened.AddDate(0, 0, r.IntN(30))
		g.verdict = g.detained.AddDate(0, 8+r.IntN(18), r.IntN(28))
		g.stage = "sentenced"
		switch {
		case g.verdict.After(synthNow) || r.IntN(10) == 0:
			g.stage, g.verdict = "trial", time.Time{}
		case r.IntN(8) == 0:
			g.stage = "appeal"
		}
		year := g.opened.Year()
		code := fmt.Sprintf("%s-%s-%d", g.city.code, g.ch.groupCode, year)
		used[code]++
		if used[code] > 1 {
			code = fmt.Sprintf("%s-%d", code, used[code])
		}
		g.ref = store.DumpRef{
			Code:          code,
			NameRU:        fmt.Sprintf("Дело %s %s (%d)", g.ch.groupRU, g.city.ruIn, year),
			NameEN:        fmt.Sprintf("%s case in %s (%d)", g.ch.groupEN, g.city.en, year),
			DescriptionRU: fmt.Sprintf("Людей по этому делу задержали %s в %d году и обвиняют %s: следствие считает их одной группой. У каждого своя мера пресечения и свой приговор.", g.city.ruIn, year, g.ch.ruFor),
			DescriptionEN: fmt.Sprintf("The people in this case were detained in %s in %d and are charged %s: the investigators treat them as one group. Each has their own custody and sentence.", g.city.en, year, g.ch.enFor),
		}
		out = append(out, g)
	}
	return out
}

// day is a day of a year from fromYear to toYear.
func day(r *rand.Rand, fromYear, toYear int) time.Time {
	return time.Date(fromYear+r.IntN(toYear-fromYear+1), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
}

// partial writes t as the field knows dates: mostly to the day, some to
// the month or the year only.
func partial(r *rand.Rand, t time.Time) content.Date {
	if t.IsZero() {
		return ""
	}
	switch n := r.IntN(10); {
	case n == 0:
		return content.Date(t.Format("2006"))
	case n < 3:
		return content.Date(t.Format("2006-01"))
	}
	return content.Date(t.Format("2006-01-02"))
}

var occupations = []struct{ ruMale, ruFemale, en string }{
	{"блогер", "блогерша", "blogger"}, {"учитель", "учительница", "teacher"}, {"инженер", "инженер", "engineer"},
	{"программист", "программистка", "programmer"}, {"студент", "студентка", "student"}, {"пенсионер", "пенсионерка", "pensioner"},
	{"журналист", "журналистка", "journalist"}, {"врач", "врач", "doctor"}, {"рабочий", "рабочая", "factory worker"},
	{"предприниматель", "предпринимательница", "entrepreneur"}, {"художник", "художница", "artist"}, {"музыкант", "музыкант", "musician"},
	{"водитель", "водитель", "driver"}, {"юрист", "юрист", "lawyer"},
}

// otherCitizenships are those of the people who are not Russian citizens
// alone, one in ten: Ukrainian, both, of elsewhere, or not known.
var otherCitizenships = [][]string{{"UA"}, {"UA"}, {"UA", "RU"}, {"BY"}, {"RU", "IL"}, {"KZ"}, {"UZ", "RU"}, {}}

// synthSentence draws the sentence of a verdict on charge ch given on
// verdict to a person detained on detained (zero when they were not),
// as validation wants it: a term of 0 to 600 months, a regime only for
// a colony or prison, a release not before the verdict.
func synthSentence(r *rand.Rand, ch charge, female bool, detained, verdict time.Time) content.Sentence {
	var s content.Sentence
	term := func(minMonths int) int { return minMonths + 6*r.IntN(max(1, (ch.maxYears*12-minMonths)/6+1)) }
	ends := func(from time.Time) {
		end := from.AddDate(0, s.Months, 0)
		if end.Before(verdict) {
			// Served before the verdict: released in the courtroom.
			end = verdict
		}
		s.ReleaseExpectedOn = content.Date(end.Format("2006-01"))
		switch {
		case !end.After(synthNow):
			s.ReleasedOn, s.ReleasedHow = s.ReleaseExpectedOn, "served_term"
		case r.IntN(15) == 0 && verdict.AddDate(0, 6, 0).Before(synthNow):
			s.ReleasedOn, s.ReleasedHow = content.Date(verdict.AddDate(0, 6, 0).Format("2006-01")), pick(r, []string{"parole", "exchange", "pardon"})
		}
	}
	switch n := r.IntN(100); {
	case n < 60 || (n < 63 && female):
		s.Kind, s.Months = "colony", term(12)
		s.Regime = pick(r, []string{"general", "general", "strict", "strict", "special", "settlement"})
		if female && s.Regime != "settlement" {
			// Women serve in general-regime colonies.
			s.Regime = "general"
		}
		if r.IntN(10) == 0 {
			s.FineRub = int64(100_000 * (1 + r.IntN(10)))
		}
		from := detained
		if from.IsZero() {
			from = verdict
		}
		ends(from)
	case n < 63:
		s.Kind, s.Regime, s.Months = "prison", "prison", term(36)
		from := detained
		if from.IsZero() {
			from = verdict
		}
		ends(from)
	case n < 75:
		s.Kind, s.Months = "suspended", 12+6*r.IntN(9)
	case n < 83:
		s.Kind, s.FineRub = "fine", int64(10_000*(10+r.IntN(290)))
	case n < 90:
		s.Kind, s.Months = "restricted_freedom", 6+6*r.IntN(7)
		ends(verdict)
	case n < 94:
		s.Kind, s.Months = "forced_labour", 6+6*r.IntN(6)
		ends(verdict)
	case n < 96:
		s.Kind = "compulsory_work"
	case n < 99:
		s.Kind = "compulsory_treatment"
	default:
		s.Kind = "other"
	}
	return s
}

// synthProsecution makes a prosecution on charge ch opened on opened, in
// region, at the stage its dates allow.
func synthProsecution(r *rand.Rand, ch charge, region string, female bool, opened time.Time) content.Prosecution {
	p := content.Prosecution{Region: region, Articles: []string{article(r, ch)}}
	if r.IntN(6) == 0 {
		if other := pick(r, charges); other.article != ch.article {
			p.Articles = append(p.Articles, article(r, other))
		}
	}
	var detained, verdict time.Time
	if r.IntN(5) != 0 {
		detained = opened.AddDate(0, 0, r.IntN(90))
	}
	verdict = opened.AddDate(0, 6+r.IntN(20), r.IntN(28))
	switch {
	case verdict.After(synthNow) || r.IntN(12) == 0:
		p.Stage, verdict = pick(r, []string{"investigation", "trial", "trial"}), time.Time{}
	case r.IntN(25) == 0:
		p.Stage, verdict = "closed", time.Time{}
	case r.IntN(10) == 0:
		p.Stage = "appeal"
	default:
		p.Stage = "sentenced"
	}
	if !verdict.IsZero() {
		p.Sentence = synthSentence(r, ch, female, detained, verdict)
	}
	p.OpenedOn, p.DetainedOn, p.VerdictOn = partial(r, opened), partial(r, detained), partial(r, verdict)
	return p
}

// article is ch's article as the field writes it, often with its part.
func article(r *rand.Rand, ch charge) string {
	if ch.maxPart > 0 && r.IntN(2) == 0 {
		return fmt.Sprintf("%s ч.%d", ch.article, 1+r.IntN(ch.maxPart))
	}
	return ch.article
}

// courts are the courts a synthetic case is tried in.
var courts = []struct{ ru, en string }{
	{"Районный суд", "District court"}, {"Городской суд", "City court"}, {"Областной суд", "Regional court"},
	{"Южный окружной военный суд", "Southern District Military Court"}, {"Центральный окружной военный суд", "Central District Military Court"},
}

// ruPlural picks the Russian form for n: один год, два года, пять лет.
func ruPlural(n int, one, few, many string) string {
	switch {
	case n%100 >= 11 && n%100 <= 14:
		return many
	case n%10 == 1:
		return one
	case n%10 >= 2 && n%10 <= 4:
		return few
	}
	return many
}

// sentenceText is the sentence in words, as a profile's free text gives
// it, in Russian and English.
func sentenceText(s content.Sentence) (ru, en string) {
	var tr, te []string
	if y := s.Months / 12; y > 0 {
		tr = append(tr, fmt.Sprintf("%d %s", y, ruPlural(y, "год", "года", "лет")))
		te = append(te, fmt.Sprintf("%d %s", y, map[bool]string{true: "year", false: "years"}[y == 1]))
	}
	if m := s.Months % 12; m > 0 {
		tr = append(tr, fmt.Sprintf("%d %s", m, ruPlural(m, "месяц", "месяца", "месяцев")))
		te = append(te, fmt.Sprintf("%d %s", m, map[bool]string{true: "month", false: "months"}[m == 1]))
	}
	termRU, termEN := strings.Join(tr, " "), strings.Join(te, " ")
	regimeRU := map[string]string{"general": "общего", "strict": "строгого", "special": "особого"}
	switch s.Kind {
	case "colony":
		if s.Regime == "settlement" {
			return termRU + " колонии-поселения", termEN + " in a settlement colony"
		}
		return termRU + " колонии " + regimeRU[s.Regime] + " режима", termEN + " in a " + s.Regime + "-regime penal colony"
	case "prison":
		return termRU + " тюрьмы", termEN + " in prison"
	case "suspended":
		return termRU + " условно", "a suspended sentence of " + termEN
	case "fine":
		return fmt.Sprintf("штраф %d ₽", s.FineRub), fmt.Sprintf("a fine of %d roubles", s.FineRub)
	case "restricted_freedom":
		return termRU + " ограничения свободы", termEN + " of restricted freedom"
	case "forced_labour":
		return termRU + " принудительных работ", termEN + " of forced labour"
	case "compulsory_work":
		return "обязательные работы", "compulsory work"
	case "compulsory_treatment":
		return "принудительное лечение", "compulsory psychiatric treatment"
	}
	return "иное наказание", "another punishment"
}

func synthCase(r *rand.Rand, i int, groups []*synthGroup) *content.Case {
	female := r.IntN(4) == 0
	first := pick(r, maleFirst)
	last := pick(r, lastStems)
	if female {
		first = pick(r, femaleFirst)
		last += "а"
	}
	ruName := first + " " + last
	enName := search.Latin(ruName)
	ch := pick(r, charges)
	// One prosecution for most people, two or three for some; one person
	// in eight is in a group case, the first of their prosecutions.
	var group *synthGroup
	if r.IntN(8) == 0 {
		group = pick(r, groups)
		ch = group.ch
	}
	cats := []string{ch.category}
	if ch.category != "expression" && r.IntN(3) == 0 {
		cats = append(cats, "expression")
	}
	count := 1
	switch n := r.IntN(20); {
	case n == 0:
		count = 3
	case n < 4:
		count = 2
	}
	region := pick(r, regions)
	opened := day(r, 2014, 2024)
	var ps []content.Prosecution
	for j := range count {
		var p content.Prosecution
		if j == 0 && group != nil {
			p = content.Prosecution{Group: group.ref.Code, Region: group.city.region, Articles: []string{article(r, ch)}, Stage: group.stage}
			region, opened = group.city.region, group.opened
			detained := group.detained.AddDate(0, 0, r.IntN(10))
			p.OpenedOn, p.DetainedOn = content.Date(group.opened.Format("2006-01-02")), content.Date(detained.Format("2006-01-02"))
			if !group.verdict.IsZero() {
				p.VerdictOn = content.Date(group.verdict.Format("2006-01-02"))
				p.Sentence = synthSentence(r, ch, female, detained, group.verdict)
			}
		} else {
			pch := ch
			if j > 0 {
				pch = pick(r, charges)
				if r.IntN(5) == 0 {
					region = pick(r, regions)
				}
			}
			p = synthProsecution(r, pch, region, female, opened)
		}
		c := pick(r, courts)
		p.RU.Court, p.EN.Court = c.ru, c.en
		if r.IntN(4) == 0 {
			p.RU.Judge, p.EN.Judge = "Судья "+pick(r, lastStems), "Judge "+search.Latin(pick(r, lastStems))
		}
		if p.Stage == "closed" {
			p.RU.Note, p.EN.Note = "Дело прекращено.", "The case was closed."
		}
		ps = append(ps, p)
		// The next case is opened later: often while the person is in
		// custody on this one.
		opened = opened.AddDate(0, 3+r.IntN(30), r.IntN(28))
		if opened.After(synthNow) {
			break
		}
	}
	latest := ps[len(ps)-1]
	custody := "released"
	switch latest.Stage {
	case "investigation", "trial", "appeal":
		custody = pick(r, []string{"pretrial_detention", "pretrial_detention", "house_arrest"})
	case "sentenced":
		switch {
		case latest.Sentence.ReleasedOn != "":
		case latest.Sentence.Kind == "colony" || latest.Sentence.Kind == "prison" || latest.Sentence.Kind == "forced_labour":
			custody = "serving_sentence"
		case latest.Sentence.Kind == "restricted_freedom":
			custody = "restricted_freedom"
		case latest.Sentence.Kind == "compulsory_treatment":
			custody = "psychiatric_treatment"
		}
	}
	recognized := date(r, 2016, 2026, 1)
	status := pick(r, []string{"political_prisoner", "political_prisoner", "political_prisoner", "persecuted", "released", "probable_victim"})
	c := &content.Case{
		Status: status, RecognizedOn: recognized, Categories: cats, Custody: custody,
		PlaceOfDetention: fmt.Sprintf("IK-%d", 1+r.IntN(30)), Prosecutions: ps,
	}
	// Person facts: the gender nearly always known, the year of birth
	// mostly alone, a whole date of birth for some, public for half of
	// those.
	switch {
	case r.IntN(40) == 0:
	case female:
		c.Gender = "female"
	default:
		c.Gender = "male"
	}
	born := day(r, 1945, 2006)
	switch n := r.IntN(20); {
	case n == 0:
	case n < 5:
		c.BornOn, c.BirthdayPublic = content.Date(born.Format("2006-01-02")), r.IntN(2) == 0
	default:
		c.BornOn = content.Date(born.Format("2006"))
	}
	c.Citizenship = []string{"RU"}
	if r.IntN(10) == 0 {
		c.Citizenship = slices.Clone(pick(r, otherCitizenships))
	}
	occ := pick(r, occupations)
	occRU := occ.ruMale
	if female {
		occRU = occ.ruFemale
	}
	if r.IntN(3) == 0 {
		c.LetterAddress = fmt.Sprintf("%d, ФКУ ИК-%d, %s", 100000+r.IntN(800000), 1+r.IntN(30), ruName)
		c.LetterAddressCheckedOn = date(r, 2024, 2026, 2)
	}
	sentenceRU, sentenceEN := "", ""
	for k := len(ps) - 1; k >= 0; k-- {
		if ps[k].Sentence.Kind != "" {
			sentenceRU, sentenceEN = sentenceText(ps[k].Sentence)
			break
		}
	}
	sections := 1 + r.IntN(3)
	var ruBody, enBody strings.Builder
	for s := 0; s < sections; s++ {
		ruBody.WriteString(pick(r, []string{"## Кто такой " + ruName + "\n\n", "## В чём обвиняют\n\n", "## Почему мы считаем преследование политическим\n\n", "## Суд\n\n"}))
		enBody.WriteString(pick(r, []string{"## Who is " + enName + "\n\n", "## The charges\n\n", "## Why we consider the prosecution political\n\n", "## The trial\n\n"}))
		for p := 0; p < 1+r.IntN(4); p++ {
			ruBody.WriteString(paragraph(r, ruSentences, ruName) + "\n\n")
			enBody.WriteString(paragraph(r, enSentences, enName) + "\n\n")
		}
	}
	c.RU = content.Text{
		Name:       ruName,
		Headline:   fmt.Sprintf("%s: уголовное дело за %s", ruName, ch.ruWhat),
		Statement:  fmt.Sprintf("По мнению проекта, %s — политический заключённый: преследование %s нарушает право на свободу выражения мнения.", ruName, ch.ruFor),
		Body:       ruBody.String(),
		Sentence:   sentenceRU,
		Locality:   pick(r, []string{"Казань", "Пермь", "Томск", "Владивосток", "Симферополь", "Екатеринбург", "Самара", "Ростов-на-Дону", "Иркутск", "Москва"}),
		Occupation: occRU,
	}
	// Most cases are translated; some exist only in Russian.
	if r.IntN(6) != 0 {
		c.EN = content.Text{
			Name:       enName,
			Headline:   fmt.Sprintf("%s is accused of %s", enName, ch.enWhat),
			Statement:  fmt.Sprintf("The project considers %s a political prisoner: the prosecution %s violates the right to freedom of expression.", enName, ch.enFor),
			Body:       enBody.String(),
			Sentence:   sentenceEN,
			Locality:   search.Latin(c.RU.Locality),
			Occupation: occ.en,
		}
	}
	for t := 0; t < 1+r.IntN(4); t++ {
		c.Timeline = append(c.Timeline, content.TimelineEntry{Date: date(r, 2016, 2026, 2), RU: "Заседание суда", EN: "Court hearing"})
	}
	for s := 0; s < r.IntN(3); s++ {
		c.Sources = append(c.Sources, content.Source{Title: fmt.Sprintf("Source %d", s+1), URL: fmt.Sprintf("https://example.org/case/%d/%d", i, s)})
	}
	c.Normalize()
	return c
}

// portrait is a small synthetic JPEG, different for each case.
func portrait(r *rand.Rand, i int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	base := color.RGBA{uint8(r.IntN(200)), uint8(r.IntN(200)), uint8(r.IntN(200)), 255}
	for y := 0; y < 400; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.RGBA{base.R + uint8(x/6), base.G + uint8(y/8), base.B + uint8(i%50), 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}
