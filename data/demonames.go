package data

import "strings"

// culture is a set of sample names in one language and script. Names in a
// non-Latin script carry their Latin spelling after a "|", which makes the
// sample email addresses.
type culture struct {
	female, male, last []string
	phone              string // country calling code
	streets, cities    []string
}

// sampleCultures are the peoples of the sample clinic, each with its share
// of the members (weight).
var sampleCultures = []struct {
	weight int
	c      culture
}{
	{20, culture{
		female: words("Olivia Emma Amelia Isla Grace Sophie Chloe Lily Ella Mia Ruby Evie"),
		male:   words("Oliver George Harry Jack Noah Leo Arthur Oscar Charlie Thomas James Alfie"),
		last: words("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson " +
			"Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke"),
		phone: "+44", streets: words("High_Street Station_Road Church_Lane Mill_Road"),
		cities: words("Leeds York Bristol Norwich"),
	}},
	{10, culture{
		female: words("Sophie Marie Hanna Lea Lena Anna Mia Käthe Jördis Grete"),
		male:   words("Jürgen Lukas Jonas Maximilian Björn Felix Jörg Günter Leon Paul"),
		last: words("Müller Schmidt Schneider Fischer Weiß Meyer Wagner Becker Schäfer " +
			"Köhler Groß Krüger Hoffmann Schröder Weber"),
		phone: "+49", streets: words("Hauptstraße Bahnhofstraße Gartenweg Schloßallee"),
		cities: words("München Köln Düsseldorf Nürnberg"),
	}},
	{8, culture{
		female: words("Chloé Léa Manon Inès Zoé Camille Élodie Anaïs Maëlle Hélène"),
		male:   words("Lucas Hugo Théo Raphaël Noé Loïc Jérôme François Gaël Benoît"),
		last: words("Martin Bernard Dubois Thomas Robert Richard Petit Durand Lefèvre " +
			"Mercier Girard Bonnet François Lemaître"),
		phone: "+33", streets: words("Rue_de_la_Paix Avenue_Foch Rue_Lafayette"),
		cities: words("Paris Lyon Besançon Orléans"),
	}},
	{8, culture{
		female: words("María Lucía Sofía Martina Paula Valentina Inés Noelia Begoña Ainhoa"),
		male:   words("José Hugo Martín Álvaro Adrián Iñaki Raúl Jesús Rubén Andrés"),
		last: words("García Rodríguez González Fernández López Martínez Sánchez Pérez " +
			"Gómez Núñez Muñoz Jiménez Ibáñez Peña"),
		phone: "+34", streets: words("Calle_Mayor Gran_Vía Avenida_de_España"),
		cities: words("Madrid Málaga Córdoba León"),
	}},
	{5, culture{
		female: words("Zofia Łucja Małgorzata Agnieszka Katarzyna Żaneta Joanna Hanna"),
		male:   words("Jakub Łukasz Paweł Michał Wojciech Krzysztof Mikołaj Tomasz"),
		last: words("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski " +
			"Zieliński Szymański Woźniak Dąbrowski"),
		phone: "+48", streets: words("ulica_Długa ulica_Piękna Aleje_Jerozolimskie"),
		cities: words("Kraków Łódź Wrocław Gdańsk"),
	}},
	{5, culture{
		female: words("Zeynep Elif Ayşe Büşra Gül Şule Özlem Çiğdem"),
		male:   words("Mehmet Mustafa Ahmet Emre Barış Oğuz Çağrı İsmail"),
		last: words("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir " +
			"Arslan Doğan"),
		phone: "+90", streets: words("Atatürk_Caddesi İstiklal_Caddesi Çiçek_Sokak"),
		cities: words("İstanbul Ankara İzmir Eskişehir"),
	}},
	{4, culture{
		female: words("Ingrid Åsa Sølvi Märta Linnéa Freja Astrid Sigrid"),
		male:   words("Øyvind Bjørn Åke Sören Lars Håkon Nils Erik"),
		last: words("Hansen Johansen Olsen Lindström Sørensen Bergström Åberg Nyström " +
			"Jørgensen Ødegård"),
		phone: "+47", streets: words("Storgata Kirkeveien Drottninggatan"),
		cities: words("Oslo Tromsø Göteborg Malmö"),
	}},
	{8, culture{
		female: words("Анна|anna Мария|maria Елена|elena Ольга|olga Наталья|natalya " +
			"Татьяна|tatyana Юлия|yulia Ксения|ksenia"),
		male: words("Иван|ivan Дмитрий|dmitry Сергей|sergey Алексей|alexey " +
			"Михаил|mikhail Николай|nikolay Юрий|yury Фёдор|fyodor"),
		last: words("Иванов|ivanov Смирнов|smirnov Кузнецов|kuznetsov Попов|popov " +
			"Соколов|sokolov Лебедев|lebedev Козлов|kozlov Новиков|novikov " +
			"Морозов|morozov Волков|volkov"),
		phone: "+7", streets: words("улица_Ленина проспект_Мира Садовая_улица"),
		cities: words("Москва Казань Новосибирск"),
	}},
	{4, culture{
		female: words("Ελένη|eleni Μαρία|maria Αικατερίνη|aikaterini Σοφία|sofia " +
			"Δήμητρα|dimitra Γεωργία|georgia"),
		male: words("Γιώργος|giorgos Νίκος|nikos Δημήτρης|dimitris Κώστας|kostas " +
			"Γιάννης|giannis Παναγιώτης|panagiotis"),
		last: words("Παπαδόπουλος|papadopoulos Παππάς|pappas Οικονόμου|oikonomou " +
			"Γεωργίου|georgiou Βασιλείου|vasileiou Νικολάου|nikolaou Κωνσταντίνου|konstantinou"),
		phone: "+30", streets: words("Οδός_Ερμού Λεωφόρος_Συγγρού"),
		cities: words("Αθήνα Θεσσαλονίκη Πάτρα"),
	}},
	{7, culture{
		female: words("فاطمة|fatima مريم|maryam عائشة|aisha زينب|zainab نور|nour " +
			"ليلى|layla سارة|sara"),
		male: words("محمد|mohammed أحمد|ahmed علي|ali عمر|omar يوسف|youssef " +
			"حسن|hassan خالد|khaled"),
		last: words("العلي|alali الحسن|alhassan المصري|almasri الخطيب|alkhatib " +
			"حداد|haddad منصور|mansour سليمان|suleiman"),
		phone: "+971", streets: words("شارع_الملك_فهد شارع_الجامعة"),
		cities: words("دبي عمّان الرياض"),
	}},
	{6, culture{
		female: words("秀英iuying 丽|li 静|jing 敏|min 燕|yan 芳|fang 娜|na"),
		male:   words("伟|wei 强|qiang 磊|lei 军|jun 洋|yang 勇|yong 杰|jie 涛|tao"),
		last: words("王|wang 李|li 张|zhang 刘|liu 陈|chen 杨|yang 黄|huang 赵|zhao " +
			"吴|wu 周|zhou"),
		phone: "+86", streets: words("人民路 解放路 中山路"),
		cities: words("北京 上海 广州 成都"),
	}},
	{3, culture{
		female: words("陽菜|hina 結衣|yui さくら|sakura 美咲|misaki 葵|aoi"),
		male:   words("蓮|ren 大翔|hiroto 悠真|yuma 翔太|shota 健太|kenta"),
		last: words("佐藤|sato 鈴木|suzuki 高橋|takahashi 田中|tanaka 渡辺|watanabe " +
			"伊藤|ito 山本|yamamoto"),
		phone: "+81", streets: words("桜通り 本町"),
		cities: words("東京 大阪 京都"),
	}},
	{3, culture{
		female: words("서연|seoyeon 지우|jiwoo 민서|minseo 하은|haeun"),
		male:   words("민준|minjun 서준|seojun 도윤|doyun 예준|yejun"),
		last:   words("김|kim 이|lee 박|park 최|choi 정|jung 강|kang"),
		phone:  "+82", streets: words("세종대로 테헤란로"),
		cities: words("서울 부산"),
	}},
	{6, culture{
		female: words("प्रिया|priya अनन्या|ananya दीपिका|deepika पूजा|pooja " +
			"सुनीता|sunita कविता|kavita"),
		male: words("राहुल|rahul अमित|amit विकास|vikas अर्जुन|arjun " +
			"संजय|sanjay रोहित|rohit"),
		last: words("शर्मा|sharma वर्मा|verma गुप्ता|gupta सिंह|singh " +
			"पटेल|patel कुमार|kumar"),
		phone: "+91", streets: words("महात्मा_गांधी_मार्ग नेहरू_रोड"),
		cities: words("दिल्ली मुंबई जयपुर"),
	}},
	{3, culture{
		female: words("Hoa|hoa Thảo|thao Hương|huong Ngọc|ngoc Linh|linh"),
		male:   words("Dũng|dung Minh|minh Quốc|quoc Hùng|hung Tuấn|tuan"),
		last:   words("Nguyễn|nguyen Trần|tran Lê|le Phạm|pham Hoàng|hoang Võ|vo"),
		phone:  "+84", streets: words("Đường_Lê_Lợi Phố_Huế"),
		cities: words("Hà_Nội Đà_Nẵng Huế"),
	}},
}

// words splits a space-separated list; "_" stands for a space inside one.
func words(s string) []string {
	ws := strings.Fields(s)
	for i, w := range ws {
		ws[i] = strings.ReplaceAll(w, "_", " ")
	}
	return ws
}

// split separates a name from its Latin spelling; a Latin-script name
// spells itself, its accents folded.
func split(name string) (native, latin string) {
	if n, l, ok := strings.Cut(name, "|"); ok {
		return n, l
	}
	return name, foldLatin(name)
}

// foldLatin lower-cases a Latin-script name and drops its accents, keeping
// only what an email address's local part allows.
func foldLatin(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := latinFolds[r]; ok {
			b.WriteString(f)
		} else if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var latinFolds = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'ø': "o", 'æ': "ae", 'ł': "l", 'ı': "i", 'đ': "d"}
	groups := map[string]string{
		"a": "àáâãäåąăạả", "c": "çćč", "e": "èéêëęěẹẻ", "g": "ğ", "i": "ìíîïįị",
		"n": "ñńň", "o": "òóôõöőơọỏốồ", "s": "śšş", "u": "ùúûüůűưụủ", "y": "ýÿỳ",
		"z": "źżž",
	}
	for plain, accented := range groups {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()
