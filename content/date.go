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
