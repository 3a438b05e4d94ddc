package ui

import (
	"os"
	"strings"

	"clinicadmin/data"
)

// Locales that write dates month first or year first; every other locale
// is taken to write the day first.
var (
	monthFirst = []string{"en_US", "es_US", "en_PH", "fil_PH", "en_AS", "en_GU",
		"en_MP", "en_PR", "en_UM", "en_VI", "en_FM", "en_MH", "en_PW"}
	yearFirst = []string{"zh", "ja", "ko", "hu", "lt", "mn", "sv", "en_CA", "fr_CA"}
)

// localeDateOrder reads the order of day, month and year the admin types
// dates in from LC_ALL, LC_TIME or LANG, as the C library does.
func localeDateOrder() data.DateOrder {
	return dateOrderOf(localeName())
}

func localeName() string {
	for _, k := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// dateOrderOf maps a locale name such as "en_US.UTF-8" to its date order.
func dateOrderOf(locale string) data.DateOrder {
	name, _, _ := strings.Cut(locale, ".")
	name, _, _ = strings.Cut(name, "@")
	lang, _, _ := strings.Cut(name, "_")
	for _, l := range monthFirst {
		if name == l {
			return data.OrderMDY
		}
	}
	for _, l := range yearFirst {
		if name == l || lang == l {
			return data.OrderYMD
		}
	}
	return data.OrderDMY
}

// datePattern is how the admin may type a date in order, for placeholders.
func datePattern(order data.DateOrder) string {
	switch order {
	case data.OrderMDY:
		return "MM/DD/YYYY or YYYY-MM-DD"
	case data.OrderYMD:
		return "YYYY/MM/DD or YYYY-MM-DD"
	}
	return "DD/MM/YYYY or YYYY-MM-DD"
}
