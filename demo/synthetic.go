package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"strings"

	"casebook/content"
	"casebook/media"
	"casebook/search"
	"casebook/store"
)

// Synthetic makes n realistic, fictional cases for load tests and
// benchmarks: both languages, varied regions, articles, categories, dates
// and lengths, and photos for about one case in photoEvery (0: none). The
// same seed gives the same cases. The result imports with store.Import.
func Synthetic(n int, seed uint64, photoEvery int) (*store.Dump, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := &store.Dump{Format: store.ExportFormat, Version: 1}
	seen := map[string]int{}
	for i := 0; i < n; i++ {
		c := synthCase(r, i)
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
}

var charges = []charge{
	{"207.3", "anti-war", "распространение «заведомо ложной информации» об армии", "spreading ‘knowingly false information’ about the army", "за посты о войне в социальных сетях", "for posts about the war on social media"},
	{"280.3", "anti-war", "повторную «дискредитацию» армии", "repeated ‘discrediting’ of the army", "за антивоенные пикеты и надписи", "for anti-war pickets and graffiti"},
	{"282.2", "jehovahs-witnesses", "организацию деятельности «экстремистской организации»", "organising the activity of an ‘extremist organisation’", "за совместное чтение Библии", "for reading the Bible with others"},
	{"205.5", "hizb-ut-tahrir", "участие в деятельности «террористической организации»", "taking part in a ‘terrorist organisation’", "за религиозные беседы", "for religious conversations"},
	{"275", "treason", "государственную измену", "high treason", "за перевод денег украинскому фонду", "for a donation to a Ukrainian foundation"},
	{"284.1", "activism", "участие в деятельности «нежелательной организации»", "taking part in an ‘undesirable organisation’", "за участие в мероприятиях правозащитной организации", "for attending events of a human rights group"},
	{"205.2", "expression", "«оправдание терроризма»", "‘justifying terrorism’", "за комментарий в телеграм-канале", "for a comment in a Telegram channel"},
	{"280.4", "anti-war", "призывы к деятельности против безопасности государства", "calls for activities against state security", "за листовки против мобилизации", "for leaflets against mobilisation"},
	{"212.1", "protests", "неоднократное нарушение порядка проведения публичных мероприятий", "repeated violations of the rules on public assemblies", "за участие в мирных акциях", "for taking part in peaceful protests"},
	{"354.1", "expression", "«реабилитацию нацизма»", "‘rehabilitating Nazism’", "за исторический пост", "for a post about history"},
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

func synthCase(r *rand.Rand, i int) *content.Case {
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
	arts := []string{ch.article}
	if r.IntN(5) == 0 {
		other := pick(r, charges)
		if other.article != ch.article {
			arts = append(arts, other.article)
		}
	}
	cats := []string{ch.category}
	if ch.category != "expression" && r.IntN(3) == 0 {
		cats = append(cats, "expression")
	}
	detained := date(r, 2016, 2025, 2)
	recognized := date(r, 2016, 2026, 1)
	status := pick(r, []string{"political_prisoner", "political_prisoner", "political_prisoner", "persecuted", "released", "probable_victim"})
	years := 1 + r.IntN(12)
	c := &content.Case{
		Status: status, RecognizedOn: recognized, Region: pick(r, regions), Articles: arts, Categories: cats,
		DetainedOn: detained, SentencedOn: date(r, 2017, 2026, 2), Custody: pick(r, content.Custodies()),
		PlaceOfDetention: fmt.Sprintf("IK-%d", 1+r.IntN(30)),
	}
	if r.IntN(3) == 0 {
		c.LetterAddress = fmt.Sprintf("%d, ФКУ ИК-%d, %s", 100000+r.IntN(800000), 1+r.IntN(30), ruName)
		c.LetterAddressCheckedOn = date(r, 2024, 2026, 2)
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
		Name:      ruName,
		Headline:  fmt.Sprintf("%s: уголовное дело за %s", ruName, ch.ruWhat),
		Statement: fmt.Sprintf("По мнению проекта, %s — политический заключённый: преследование %s нарушает право на свободу выражения мнения.", ruName, ch.ruFor),
		Body:      ruBody.String(),
		Sentence:  fmt.Sprintf("%d лет колонии общего режима", years),
		Locality:  pick(r, []string{"Казань", "Пермь", "Томск", "Владивосток", "Симферополь", "Екатеринбург", "Самара", "Ростов-на-Дону", "Иркутск", "Москва"}),
	}
	// Most cases are translated; some exist only in Russian.
	if r.IntN(6) != 0 {
		c.EN = content.Text{
			Name:      enName,
			Headline:  fmt.Sprintf("%s is accused of %s", enName, ch.enWhat),
			Statement: fmt.Sprintf("The project considers %s a political prisoner: the prosecution %s violates the right to freedom of expression.", enName, ch.enFor),
			Body:      enBody.String(),
			Sentence:  fmt.Sprintf("%d years in a general-regime penal colony", years),
			Locality:  search.Latin(c.RU.Locality),
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
