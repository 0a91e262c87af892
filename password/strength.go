package password

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gosimple/unidecode"
	"github.com/trustelem/zxcvbn/matching"
	"github.com/trustelem/zxcvbn/scoring"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MinLength is the shortest password an account may have, in characters
// (Unicode code points, as NIST SP 800-63B counts them).
const MinLength = 10

// MaxLength is the longest: well past the 64 that NIST asks to allow, and
// short enough that the strength estimator, whose work grows with the
// cube of the length, answers in milliseconds.
const MaxLength = 128

// minGuesses is how many guesses a password must be estimated to take:
// as many as ten random characters (10^10 in zxcvbn's model). The people
// who use Casebook are attacked by a state, which may seize the server and
// try guesses against the argon2id hashes offline; zxcvbn calls this bar
// "strong protection from offline slow-hash scenario". A password of the
// minimum length must be random to reach it; a chosen one must be longer,
// such as a passphrase of several unrelated words.
const minGuesses = 1e10

// Reason says why Check refused a password.
type Reason string

const (
	TooShort  Reason = "short"
	TooLong   Reason = "long"
	NotText   Reason = "text"
	Common    Reason = "common"
	Personal  Reason = "personal"
	Guessable Reason = "guessable"
)

// Reasons lists every Reason, so that a test can check that each has its
// message in both languages.
func Reasons() []Reason { return []Reason{TooShort, TooLong, NotText, Common, Personal, Guessable} }

// Refusal is the error Check returns. Key names the message a person reads
// beside the password field, in their language (i18n); Error is the same
// in English, for the command line.
type Refusal struct{ Reason Reason }

// Key is the i18n key of the explanation.
func (r *Refusal) Key() string { return "error.password_" + string(r.Reason) }

var english = map[Reason]string{
	TooShort:  "the password is shorter than 10 characters: a passphrase of several unrelated words is long enough and easy to remember",
	TooLong:   "the password is longer than 128 characters",
	NotText:   "the password is not valid UTF-8 text",
	Common:    "this password is on a list of the most common and leaked passwords, which attackers try first: choose a passphrase of several unrelated words",
	Personal:  "this password is made from your own name or e-mail address, which attackers try first: choose a passphrase of several unrelated words",
	Guessable: "this password follows a pattern that cracking tools guess quickly (common words with digits, a year, a keyboard row, a repetition): choose a passphrase of several unrelated words; digits and symbols are not needed",
}

func (r *Refusal) Error() string { return english[r.Reason] }

// Check says whether pw may be an account's password, following NIST SP
// 800-63B and OWASP: at least MinLength characters and at most MaxLength,
// any Unicode including spaces, no rules about character classes; not one
// of the most common or leaked passwords; not built on the person's own
// name or e-mail address (personal: the e-mail and the name); and not
// guessable, by the zxcvbn estimator, in fewer than 10^10 guesses. It
// returns nil or a *Refusal.
func Check(pw string, personal ...string) error {
	if !utf8.ValidString(pw) {
		return &Refusal{NotText}
	}
	n := utf8.RuneCountInString(pw)
	if n < MinLength {
		return &Refusal{TooShort}
	}
	if n > MaxLength {
		return &Refusal{TooLong}
	}
	lower := strings.ToLower(pw)
	if isCommon(lower) || isCommon(strings.Join(strings.Fields(lower), "")) || isCommon(strings.ToLower(ascii(pw))) || isFamous(lower) {
		return &Refusal{Common}
	}
	words := ownWords(personal)
	// What is left once the person's own words are taken out must be
	// strong by itself: "anna.researcher2024" is ".2024" to whoever
	// knows that Anna the researcher chose it.
	rest := lower
	for _, w := range words {
		rest = strings.ReplaceAll(rest, w, "")
	}
	if rest != lower && guesses(rest, nil) < minGuesses {
		return &Refusal{Personal}
	}
	inputs := make([]string, len(words))
	for i, w := range words {
		inputs[i] = ascii(w)
	}
	if guesses(pw, inputs) < minGuesses {
		return &Refusal{Guessable}
	}
	return nil
}

// guesses is zxcvbn's estimate of the guesses pw takes, without the term
// it adds for every further part of the password (10^4 a part, in the
// upstream model): that term makes "violet tractor!" (violet, a space,
// tractor, "!") two thousand times harder than "violet tractor", where a
// cracking rule that adds a space or a symbol costs the attacker a few
// dozen guesses. The parts' own guesses and the count of their orders
// stay, so several unrelated words still go far, and a random string,
// one part, is estimated as before.
func guesses(pw string, inputs []string) float64 {
	a := ascii(pw)
	return scoring.MostGuessableMatchSequence(a, matching.Omnimatch(a, inputs), true).Guesses
}

// site are words that belong to every account here, and so to none of
// their passwords.
var site = []string{"casebook"}

// ownWords splits the person's e-mail address and name into the words an
// attacker would try first, with the Latin spelling of any Cyrillic ones
// ("Анна" is also "anna"), longest first so that "annamaria" goes before
// "anna". Words shorter than three characters would cut into unrelated
// words and are left out; so is the top-level domain.
func ownWords(personal []string) []string {
	var words []string
	add := func(w string) {
		if utf8.RuneCountInString(w) < 3 {
			return
		}
		words = append(words, w)
		if latin := strings.ToLower(unidecode.Unidecode(w)); latin != w && utf8.RuneCountInString(latin) >= 3 {
			words = append(words, latin)
		}
	}
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if local, domain, ok := strings.Cut(p, "@"); ok {
			add(local)
			for _, w := range strings.FieldsFunc(local, notWord) {
				add(w)
			}
			labels := strings.Split(domain, ".")
			for _, l := range labels[:len(labels)-1] {
				add(l)
			}
			continue
		}
		for _, w := range strings.FieldsFunc(p, notWord) {
			add(w)
		}
	}
	words = append(words, site...)
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(words)
}

// russian maps each letter of the Russian (and Ukrainian) keyboard to the
// Latin key it sits on. Russian speakers often type a Russian word with
// the keyboard left in English ("пароль" becomes "gfhjkm", the 86th most
// common password), and the leaked lists are full of such words; the
// estimator sees a Cyrillic password as those keys, so "пароль12345" is
// refused like "gfhjkm12345" and "йцукенгшщз" like "qwertyuiop".
var russian = map[rune]rune{
	'й': 'q', 'ц': 'w', 'у': 'e', 'к': 'r', 'е': 't', 'н': 'y', 'г': 'u', 'ш': 'i', 'щ': 'o', 'з': 'p', 'х': '[', 'ъ': ']',
	'ф': 'a', 'ы': 's', 'в': 'd', 'а': 'f', 'п': 'g', 'р': 'h', 'о': 'j', 'л': 'k', 'д': 'l', 'ж': ';', 'э': '\'',
	'я': 'z', 'ч': 'x', 'с': 'c', 'м': 'v', 'и': 'b', 'т': 'n', 'ь': 'm', 'б': ',', 'ю': '.', 'ё': '`',
	'і': 's', 'ї': ']', 'є': '\'', 'ґ': '`',
}

var stripMarks = transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// ascii is what the estimator is given. Its Go port counts some positions
// in bytes and others in characters, and gives a wrong answer (0 guesses)
// for some non-ASCII passwords, such as "очень длинный"; its dictionaries
// are English anyway. So Cyrillic letters become the keys they are typed
// with (see russian), other letters lose their accents ("é" is "e"), and
// any other character becomes one control character of 31 (a character
// and the next one stay neighbours, a repeated one stays repeated), which
// the estimator counts like any unknown character.
func ascii(s string) string {
	var b strings.Builder
	for _, r := range s {
		if k, ok := russian[unicode.ToLower(r)]; ok {
			if unicode.IsUpper(r) {
				k = unicode.ToUpper(k)
			}
			b.WriteRune(k)
			continue
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if plain, _, err := transform.String(stripMarks, string(r)); err == nil && len(plain) == 1 && plain[0] < utf8.RuneSelf {
			b.WriteByte(plain[0])
			continue
		}
		b.WriteByte(byte(1 + r%31))
	}
	return b.String()
}

// common.txt is every password of at least 10 characters among the
// million most common of a leak of ten million (common.md says where
// from, and its licence), lower-cased and sorted. The estimator knows the
// 30,000 most common; this list adds the rest of the million, such as
// "yfcnhjtybt" (a Russian word typed on an English keyboard), which the
// estimator alone would accept.
//
//go:embed common.txt
var commonText string

var commonList = sync.OnceValue(func() []string {
	return strings.Split(strings.TrimSuffix(commonText, "\n"), "\n")
})

func isCommon(lower string) bool {
	_, found := slices.BinarySearch(commonList(), lower)
	return found
}

// famous are passphrases published as examples, which every cracking
// dictionary now holds although no leak of 2015 did: the estimator takes
// "correct horse battery staple" (xkcd 936) for four random words.
var famous = []string{
	"correcthorsebatterystaple",
	"tr0ub4dor3",
	"thequickbrownfoxjumpsoverthelazydog",
	"loremipsumdolorsitamet",
	"tobeornottobethatisthequestion",
	"съешьжеещёэтихмягкихфранцузскихбулокдавыпейчаю",
}

// isFamous compares letters and digits alone, so that spaces, dashes and
// capitals do not make a famous phrase new, nor does anything around it.
func isFamous(lower string) bool {
	plain := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, lower)
	for _, f := range famous {
		if strings.Contains(plain, f) {
			return true
		}
	}
	return false
}
