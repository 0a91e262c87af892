package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a partial date as the case JSON writes it: "2024", "2024-05" or
// "2024-09-19"; empty when unknown. Court records often give only a month.
type Date string

// ErrDate is returned for text that is not a partial date.
var ErrDate = errors.New("not a date: write 2024, 2024-05 or 2024-09-19")

// ParseDate validates s as a partial date; the empty string is valid and
// means unknown.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return "", ErrDate
	}
	widths := []int{4, 2, 2}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if len(p) != widths[i] {
			return "", ErrDate
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") {
			return "", ErrDate
		}
		nums[i] = n
	}
	if nums[0] < 1900 || nums[0] > 2200 {
		return "", ErrDate
	}
	if len(nums) >= 2 && (nums[1] < 1 || nums[1] > 12) {
		return "", ErrDate
	}
	if len(nums) == 3 {
		t := time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC)
		if nums[2] < 1 || t.Day() != nums[2] {
			return "", ErrDate
		}
	}
	return Date(s), nil
}

// Parts returns year, month and day; month and day are 0 when absent.
func (d Date) Parts() (year, month, day int) {
	parts := strings.Split(string(d), "-")
	nums := make([]int, 3)
	for i := 0; i < len(parts) && i < 3; i++ {
		nums[i], _ = strconv.Atoi(parts[i])
	}
	return nums[0], nums[1], nums[2]
}

var monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Russian writes a month alone in the nominative ("май 2024") and with a
// day in the genitive ("19 сентября 2024").
var monthsRUNom = [...]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}
var monthsRUGen = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}

// Format writes d as people of language l write dates: "19 September
// 2024", "May 2024"; "19 сентября 2024", "май 2024".
func (d Date) Format(l Lang) string {
	if _, err := ParseDate(string(d)); err != nil || d == "" {
		return string(d)
	}
	y, m, day := d.Parts()
	switch {
	case m == 0:
		return strconv.Itoa(y)
	case day == 0 && l == RU:
		return fmt.Sprintf("%s %d", monthsRUNom[m-1], y)
	case day == 0:
		return fmt.Sprintf("%s %d", monthsEN[m-1], y)
	case l == RU:
		return fmt.Sprintf("%d %s %d", day, monthsRUGen[m-1], y)
	default:
		return fmt.Sprintf("%d %s %d", day, monthsEN[m-1], y)
	}
}

// CompareDates orders partial dates by the first day each may mean, a
// year or a month before a day in it ("2024" < "2024-05" < "2024-05-19"):
// -1, 0 or +1. An empty date comes before every other.
func CompareDates(a, b Date) int {
	ya, ma, da := a.Parts()
	yb, mb, db := b.Parts()
	for _, c := range [][2]int{{ya, yb}, {ma, mb}, {da, db}} {
		switch {
		case c[0] < c[1]:
			return -1
		case c[0] > c[1]:
			return 1
		}
	}
	return 0
}

// span returns the first and the last day a valid, non-empty partial date
// may mean: "2024-05" is 1 to 31 May 2024.
func (d Date) span() (first, last time.Time, ok bool) {
	if _, err := ParseDate(string(d)); err != nil || d == "" {
		return time.Time{}, time.Time{}, false
	}
	y, m, day := d.Parts()
	switch {
	case m == 0:
		first = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		last = first.AddDate(1, 0, -1)
	case day == 0:
		first = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		last = first.AddDate(0, 1, -1)
	default:
		first = time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
		last = first
	}
	return first, last, true
}

// Before reports whether d is surely before o: every day d may mean comes
// before every day o may mean. "2024" is not before "2024-09-19", since
// it may mean a later day of 2024. Unknown or invalid dates are before
// nothing.
func (d Date) Before(o Date) bool {
	_, last, ok := d.span()
	first, _, ok2 := o.span()
	return ok && ok2 && last.Before(first)
}

// Year is the year of the date, "" when it has none.
func (d Date) Year() Date {
	p, err := ParseDate(string(d))
	if err != nil || p == "" {
		return ""
	}
	return p[:4]
}

// startsAfter reports whether every day d may mean is after the day of t:
// a date surely in the future.
func (d Date) startsAfter(t time.Time) bool {
	first, _, ok := d.span()
	today := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return ok && first.After(today)
}
