package password

import (
	"errors"
	"strings"
	"testing"
)

// TestCheck is the password rule, one row per kind of password a person
// might choose.
func TestCheck(t *testing.T) {
	anna := []string{"anna@example.org", "Anna Researcher"}
	vera := []string{"editor@casebook.test", "Вера Редакторова"}
	for _, tc := range []struct {
		name     string
		pw       string
		personal []string
		want     Reason // "" for accepted
	}{
		// Length: at least 10 characters, counted as characters.
		{"nine random characters", "Xk9#mP2qL", nil, TooShort},
		{"ten random characters", "Xk9#mP2qLz", nil, ""},
		{"nine Cyrillic letters are nine, not eighteen bytes", "щфыжюэъхё", nil, TooShort},
		{"longer than 128", strings.Repeat("velvet ", 19)[:129], nil, TooLong},
		{"not text", "Xk9#mP2qLz\xff\xfe", nil, NotText},

		// The most common and leaked passwords.
		{"the classic", "password123", nil, Common},
		{"capitals change nothing", "PassWord123", nil, Common},
		{"spaces change nothing", "password 123", nil, Common},
		{"a keyboard row", "qwertyuiop", nil, Common},
		{"digits", "1234567890", nil, Common},
		{"on the leaked list only: a Russian word typed on an English keyboard", "yfcnhjtybt", nil, Common},
		{"the same word typed in Cyrillic", "настроение", nil, Common},
		{"a Russian keyboard row", "йцукенгшщз", nil, Common},
		{"leaked typed in Latin, typed here in Cyrillic", "пароль12345", nil, Common},
		{"a famous example passphrase", "correct horse battery staple", nil, Common},
		{"a famous example passphrase, written otherwise", "Correct-Horse-Battery-Staple!", nil, Common},
		{"xkcd's other example", "Tr0ub4dor&3", nil, Common},

		// Made of the person's own name and address.
		{"name and a year", "anna.researcher2024", anna, Personal},
		{"address and digits", "anna@example.org1", anna, Personal},
		{"the name in Latin letters for a Cyrillic name", "VeraRedaktorova!", vera, Personal},
		{"the name in Cyrillic", "вераредакторова1", vera, Personal},
		{"the site's own name", "casebook2024!", nil, Personal},
		{"the person's name in a strong passphrase is fine", "anna quarry lantern velvet obelisk", anna, ""},

		// Patterns the estimator knows.
		{"a season and a year", "Spring2024!", nil, Guessable},
		{"common words and digits", "ilovemydog123", nil, Guessable},
		{"two common words", "violet tractor", nil, Guessable},
		{"two common words and a symbol", "violet tractor!", nil, Guessable},
		{"two common words joined", "blue-river!", nil, Guessable},
		{"a repetition", "abcabcabcabcabc", nil, Guessable},
		{"a Russian word with a year, typed in Cyrillic", "пароль2024!", nil, Guessable},

		// What works: length, not composition.
		{"a passphrase with spaces", "quarry lantern velvet obelisk", nil, ""},
		{"a passphrase without digits or capitals", "blue river garden lamp", nil, ""},
		{"a Russian passphrase", "мой пароль очень длинный", nil, ""},
		{"a long Unicode passphrase", "Мой кот спит на подоконнике, пока за окном идёт снег и звенят трамваи 🚋", nil, ""},
		{"sixty-four characters and more", strings.Repeat("ледокол ", 8) + "и ещё слово", nil, ""},
		{"another script", "我的猫喜欢在窗台上睡觉", nil, ""},
		{"random from a password manager", "ygMbYtXtEEJR8kAt", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.pw, tc.personal...)
			var r *Refusal
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("%q refused: %v", tc.pw, err)
			case tc.want != "" && !errors.As(err, &r):
				t.Errorf("%q accepted, want %s", tc.pw, tc.want)
			case tc.want != "" && r.Reason != tc.want:
				t.Errorf("%q refused as %s, want %s", tc.pw, r.Reason, tc.want)
			}
		})
	}
}

// TestCheckParts shows that each part of the rule does its own work: the
// leaked list refuses what the estimator would take, and the person's own
// words refuse what would pass for anyone else.
func TestCheckParts(t *testing.T) {
	if g := guesses("yfcnhjtybt", nil); g < minGuesses {
		t.Errorf("the estimator alone refuses yfcnhjtybt (%g guesses): the list is not what is tested", g)
	}
	if err := Check("anna.researcher2024"); err != nil {
		t.Errorf("without the person's words: %v", err)
	}
	if g := guesses("correct horse battery staple", nil); g < minGuesses {
		t.Errorf("the estimator alone refuses the famous passphrase (%g guesses)", g)
	}
}

// TestCommonListIsSorted: the leaked list is searched by halving, which
// works only on a sorted list; every entry is found, and all are long
// enough to matter.
func TestCommonListIsSorted(t *testing.T) {
	list := commonList()
	if len(list) < 100000 {
		t.Fatalf("%d entries", len(list))
	}
	for i, w := range list {
		if i > 0 && list[i-1] >= w {
			t.Fatalf("not sorted at %d: %q, %q", i, list[i-1], w)
		}
		if len(w) < MinLength || strings.ToLower(w) != w {
			t.Fatalf("entry %q", w)
		}
	}
	for _, w := range []string{list[0], list[len(list)/2], list[len(list)-1]} {
		if !isCommon(w) {
			t.Errorf("%q not found", w)
		}
	}
}

func TestRefusalMessages(t *testing.T) {
	for _, r := range Reasons() {
		ref := &Refusal{r}
		if ref.Error() == "" || ref.Key() != "error.password_"+string(r) {
			t.Errorf("%s: %q %q", r, ref.Error(), ref.Key())
		}
	}
}

func TestASCII(t *testing.T) {
	for in, want := range map[string]string{
		"пароль":    "gfhjkm",
		"ПАРОЛЬ":    "GFHJKM",
		"café":      "cafe",
		"abc":       "abc",
		"очень нн":  "jxtym yy",
		"Ёлка-2024": "`krf-2024",
	} {
		if got := ascii(in); got != want {
			t.Errorf("ascii(%q) = %q, want %q", in, got, want)
		}
	}
	if a := ascii("我我"); len(a) != 2 || a[0] != a[1] {
		t.Errorf("a repeated character is no longer repeated: %q", a)
	}
	for _, s := range []string{"我的猫", "straße", "ǅ🚋"} {
		for _, b := range []byte(ascii(s)) {
			if b >= 0x80 {
				t.Errorf("ascii(%q) = %q", s, ascii(s))
			}
		}
	}
}
