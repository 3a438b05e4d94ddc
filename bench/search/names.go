package main

import "strings"

// script is one writing system's names, each as "native|latin" when the
// native form is not written in Latin letters; the Latin form makes
// usernames and emails.
type script struct {
	weight int // share of members, in percent
	first  []string
	last   []string
}

var scripts = []script{
	{weight: 52, first: englishFirst, last: englishLast},
	{weight: 14, first: iberianFirst, last: iberianLast},
	{weight: 10, first: europeanFirst, last: europeanLast},
	{weight: 7, first: cyrillicFirst, last: cyrillicLast},
	{weight: 6, first: chineseFirst, last: chineseLast},
	{weight: 5, first: arabicFirst, last: arabicLast},
	{weight: 3, first: greekFirst, last: greekLast},
	{weight: 3, first: koreanFirst, last: koreanLast},
}

var englishFirst = strings.Fields(`
	James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth
	David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen
	Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra
	Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle
	Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah
	Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia
	Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen
	Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha
	Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick
	Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane
	Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry Virginia Douglas
	Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter Evelyn
	Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry
	Jacqueline Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara
	Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice Jordan Jean Bryan
	Abigail Billy Alice Joe Judy Bruce Sophia Gabriel Grace Logan Denise Albert
	Amber Willie Doris Alan Marilyn Juan Danielle Wayne Beverly Elijah Isabella
	Randy Theresa Roy Diana Vincent Natalie Ralph Brittany Eugene Charlotte
	Russell Marie Bobby Kayla Mason Alexis Philip Lori`)

var englishLast = strings.Fields(`
	Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
	Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin
	Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker
	Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson
	Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans
	Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy
	Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard
	Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray
	Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross
	Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler
	Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
	Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes
	Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro
	Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells
	Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson
	Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks
	Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren
	Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver
	Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez
	Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong
	Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
	Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval`)

var iberianFirst = strings.Fields(`
	José María Juan Ana Luis Lucía Carlos Sofía Jorge Valentina Andrés Camila
	Sebastián Isabel Tomás Mónica Raúl Inés Martín Julián Verónica Joaquín Ramón
	Pilar Álvaro Beatriz Hernán Ángela Iñaki Begoña João Conceição Sérgio Lúcia
	André Fátima Gonçalo Margarida Rúben Leonor Simão Inês Estêvão Graça Agustín
	Nuria Germán Elena`)

var iberianLast = strings.Fields(`
	García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez
	Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso
	Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco
	Suárez Molina Castro Ortega Rubio Marín Sanz Núñez Iglesias Medina Garrido
	Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego
	Vidal León Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco
	Díez Caballero Reyes Nieto Aguilar Pascual Santana Herrero Lorenzo Montero
	Hidalgo Giménez Ibáñez Ferrer Durán Silva Conceição Gonçalves Magalhães
	Brandão Simões Araújo Guimarães Assunção Falcão Negrão Loureiro`)

var europeanFirst = strings.Fields(`
	Jürgen Müller Søren Björn Åsa Zoë François Hélène Cécile Jérôme Benoît Noël
	Anaïs Gaël Loïc Renée Łukasz Małgorzata Paweł Wojciech Zofia Jiří Tomáš
	Petra Kateřina Dvořák Ömer Şükrü Gülşen Çağla Ayşe Ferenc Zsófia Ágnes
	Dániel Klaus Ingrid Hans Greta Stefan Uwe Lena Katrin Jens Dagmar Matthias
	Anja Florian Sabine`)

var europeanLast = strings.Fields(`
	Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann
	Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann
	Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann
	Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs
	Peters Lang Scholz Möller Weiß Jung Hahn Vogel Friedrich Günther Dubois
	Lefèvre Mercier Bérénger Girard Faure Rousseau Gauthier Chevalier Lévêque
	Nowak Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański
	Woźniak Dąbrowski Novák Svoboda Černý Procházka Kučera Yılmaz Kaya Demir
	Şahin Çelik Yıldız Öztürk Aydın Nagy Kovács Tóth Szabó Horváth Varga Kiss
	Mølleř Jørgensen Nielsen Sørensen Andersson Johansson Karlsson Nilsson Åberg
	Ødegård Lindqvist`)

var cyrillicFirst = strings.Fields(`
	Иван|Ivan Ольга|Olga Алексей|Aleksei Мария|Mariya Дмитрий|Dmitrii Анна|Anna
	Сергей|Sergei Елена|Elena Андрей|Andrei Наталья|Natalya Михаил|Mikhail
	Татьяна|Tatyana Николай|Nikolai Ирина|Irina Владимир|Vladimir
	Светлана|Svetlana Павел|Pavel Юлия|Yuliya Евгений|Evgenii
	Екатерина|Ekaterina Олександр|Oleksandr Оксана|Oksana Богдан|Bohdan
	Ярослава|Yaroslava Тарас|Taras`)

var cyrillicLast = strings.Fields(`
	Иванов|Ivanov Смирнов|Smirnov Кузнецов|Kuznetsov Попов|Popov
	Васильев|Vasilev Петров|Petrov Соколов|Sokolov Михайлов|Mikhailov
	Новиков|Novikov Фёдоров|Fedorov Морозов|Morozov Волков|Volkov
	Алексеев|Alekseev Лебедев|Lebedev Семёнов|Semenov Егоров|Egorov
	Павлов|Pavlov Козлов|Kozlov Степанов|Stepanov Николаев|Nikolaev Орлов|Orlov
	Андреев|Andreev Макаров|Makarov Никитин|Nikitin Захаров|Zakharov
	Шевченко|Shevchenko Бондаренко|Bondarenko Коваленко|Kovalenko
	Ткаченко|Tkachenko Кравченко|Kravchenko Иванова|Ivanova Смирнова|Smirnova
	Кузнецова|Kuznetsova Попова|Popova Петрова|Petrova`)

var chineseFirst = strings.Fields(`
	小明|xiaoming 伟|wei 芳|fang 娜|na 秀英|xiuying 敏|min 静|jing 丽|li 强|qiang 磊|lei
	军|jun 洋|yang 勇|yong 艳|yan 杰|jie 娟|juan 涛|tao 明|ming 超|chao 秀兰|xiulan 霞|xia
	平|ping 刚|gang 桂英|guiying 建华|jianhua 志强|zhiqiang 海燕|haiyan 翔|xiang 宇轩|yuxuan
	子涵|zihan 浩然|haoran 欣怡|xinyi`)

var chineseLast = strings.Fields(`
	王|wang 李|li 张|zhang 刘|liu 陈|chen 杨|yang 黄|huang 赵|zhao 吴|wu 周|zhou 徐|xu
	孙|sun 马|ma 朱|zhu 胡|hu 郭|guo 何|he 高|gao 林|lin 罗|luo 郑|zheng 梁|liang 谢|xie
	宋|song 唐|tang 许|xu 韩|han 冯|feng 邓|deng 曹|cao 欧阳|ouyang 司马|sima 诸葛|zhuge`)

var arabicFirst = strings.Fields(`
	محمد|mohammed أحمد|ahmed علي|ali فاطمة|fatima عائشة|aisha عمر|omar
	يوسف|yousef مريم|maryam حسن|hassan خالد|khaled زينب|zainab إبراهيم|ibrahim
	سارة|sara عبدالله|abdullah نور|nour ليلى|layla`)

var arabicLast = strings.Fields(`
	العلي|alali الحسن|alhassan المصري|almasri الشامي|alshami الخطيب|alkhatib
	حداد|haddad منصور|mansour سليمان|suleiman عبدالرحمن|abdulrahman
	القحطاني|alqahtani الزهراني|alzahrani العتيبي|alotaibi النجار|alnajjar
	صالح|saleh يوسف|yousef`)

var greekFirst = strings.Fields(`
	Γιώργος|giorgos Μαρία|maria Δημήτρης|dimitris Ελένη|eleni Νίκος|nikos
	Κατερίνα|katerina Κώστας|kostas Σοφία|sofia Γιάννης|giannis Αθηνά|athina
	Παναγιώτης|panagiotis Δέσποινα|despoina`)

var greekLast = strings.Fields(`
	Παπαδόπουλος|papadopoulos Παπαδοπούλου|papadopoulou Γεωργίου|georgiou
	Οικονόμου|oikonomou Νικολάου|nikolaou Καραγιάννης|karagiannis
	Βασιλείου|vasileiou Αθανασίου|athanasiou Δημητρίου|dimitriou Ιωάννου|ioannou`)

var koreanFirst = strings.Fields(`
	민준|minjun 서연|seoyeon 지호|jiho 하은|haeun 도윤|doyun 지우|jiwoo 예준|yejun 수아|sua
	시우|siwoo 서윤|seoyun`)

var koreanLast = strings.Fields(`
	김|kim 이|lee 박|park 최|choi 정|jung 강|kang 조|cho 윤|yoon 장|jang 임|lim`)

// latinFold spells the Latin letters with marks as plain ASCII, for
// usernames and emails.
var latinFold = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ą", "a",
	"Á", "a", "Å", "a", "Ä", "a", "æ", "ae",
	"ç", "c", "č", "c", "ć", "c", "Č", "c", "Ç", "c", "ď", "d",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "ě", "e", "ę", "e", "É", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ı", "i", "İ", "i",
	"ł", "l", "Ł", "l", "ñ", "n", "ń", "n", "ň", "n",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "Ö", "o", "Ø", "o",
	"ř", "r", "ś", "s", "š", "s", "ş", "s", "Ş", "s", "ß", "ss",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ů", "u", "Ü", "u",
	"ý", "y", "ź", "z", "ż", "z", "ž", "z", "ğ", "g", "Ç", "c", "Ú", "u", "Í", "i",
	"Ó", "o", "Ś", "s", "Ż", "z", "Ż", "z",
)

// splitName returns the native and Latin forms of a list entry.
func splitName(entry string) (native, latin string) {
	native, latin, ok := strings.Cut(entry, "|")
	if !ok {
		latin = latinFold.Replace(native)
	}
	return native, strings.ToLower(latin)
}
