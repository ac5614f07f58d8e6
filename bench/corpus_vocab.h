// Word lists of the synthetic corpus (bench/gen_corpus.cc). German civic-help vocabulary:
// compounds, umlauts and ß on purpose, so that stemming, decompounding and the umlaut policy
// have the same work to do as on real portraits. Each list is one space-separated string;
// the ORDER is the Zipf rank (first word = most frequent), so do not sort these lists:
// reordering changes every generated corpus and every number measured on it.
#pragma once

#include <string_view>

namespace hilfsnetz::bench::vocab {

// Function words (most of them stop words), interleaved with content words in sentences.
inline constexpr std::string_view kFunction =
    "und die der für mit in zu den das von im auf ein eine wir uns unser unsere sich ist "
    "sind auch bei nach aus über vor am um wie oder werden haben jeden jede alle viele mehr "
    "gemeinsam gerne dem einen einer zum zur durch ohne gegen sowie dabei hier dort immer "
    "oft neue neuen kleine kleinen große großen jetzt schon noch sehr gut besonders "
    "regelmäßig wöchentlich ehrenamtlich kostenlos offen dringend";

// General vocabulary of portraits and needs (Zipf rank = position).
inline constexpr std::string_view kGeneral =
    "Geflüchtete Berlin Unterstützung Menschen Projekt Initiative Nachbarschaft Kinder "
    "Familien Ehrenamtliche Hilfe Angebot Verein Kiez Begegnung Spenden Raum Räume Woche "
    "Treffen Austausch Zukunft Alltag Beratung Gruppe Mitmachen Helferinnen Helfer Team "
    "Stadtteil Unterkunft Willkommen Integration Teilhabe Gemeinschaft Frauen Jugendliche "
    "Ankommen Ort Zeit Leben Netzwerk Freizeit Erfahrung Sprache Deutschland Zusammenarbeit "
    "Förderung Ideen Ziel Möglichkeit Workshop Workshops Kurse Kurs Programm Veranstaltung "
    "Veranstaltungen Nachmittag Abend Wochenende Sommer Winter Jahr Monat Paten Patenschaft "
    "Patenschaften Mentoring Mentorinnen Mentoren Begleitung Sozialarbeit Flüchtlingshilfe "
    "Flüchtlinge Flüchtlingsunterkunft Gemeinschaftsunterkunft Erstaufnahme Willkommensklasse "
    "Willkommenskultur Nachbarschaftshilfe Nachbarschaftshaus Stadtteilzentrum Familienzentrum "
    "Jugendzentrum Begegnungsstätte Begegnungscafé Sprachcafé Nachbarschaftscafé Kiezküche "
    "Gemeinschaftsgarten Fahrradwerkstatt Kleiderkammer Kleiderspenden Sachspenden Geldspenden "
    "Spendenaktion Spendenkampagne Fördermittel Finanzierung Miete Mietkosten Nebenkosten "
    "Material Ausstattung Möbel Laptops Computer Fahrräder Werkzeug Lebensmittel Küche "
    "Mittagessen Frühstück Kaffee Kuchen Tee Getränke Schule Schüler Schülerinnen Lehrer "
    "Lehrerinnen Eltern Mütter Väter Babys Kleinkinder Senioren Seniorinnen Rentner "
    "Studierende Studenten Nachbarn Nachbarinnen Anwohner Bewohnerinnen Bewohner Bezirk "
    "Bezirksamt Senat Jobcenter Ausländerbehörde Behörden Ämter Amtsgänge Anträge Formulare "
    "Dokumente Übersetzung Übersetzungen Dolmetscher Dolmetscherinnen Sprachmittlung "
    "Kommunikation Vertrauen Respekt Vielfalt Toleranz Demokratie Solidarität Engagement "
    "Selbsthilfe Empowerment Orientierung Perspektive Chancen Bildung Ausbildung Arbeit "
    "Wohnung Gesundheit Sicherheit Schutz Ruhe Freude Spaß Mut Geduld Hoffnung Heimat Fremde "
    "Kulturen Herkunft Länder Syrien Afghanistan Ukraine Eritrea Irak Iran Türkei Somalia "
    "Arabisch Persisch Farsi Dari Ukrainisch Russisch Türkisch Englisch Französisch Kurdisch "
    "Tigrinya Deutsch Muttersprache Mehrsprachigkeit Kontakt Anmeldung Termin Termine "
    "Öffnungszeiten Sprechstunde Büro Ladenlokal Hinterhof Erdgeschoss Gemeinderaum Kirche "
    "Moschee Gemeinde Bibliothek Turnhalle Sportplatz Park Spielplatz Garten Hof Straße "
    "Platz Ufer Spree Kanal Markt Kiezfest Straßenfest Sommerfest Flohmarkt Basar Ausflug "
    "Ausflüge Stadtführung Museumsbesuch Theaterbesuch Konzert Lesung Filmabend Kochabend "
    "Spieleabend Tanzabend Gesprächsrunde Stammtisch Frauencafé Elterncafé Seniorencafé "
    "Hausaufgabenhilfe Nachhilfe Lernpaten Lesepaten Bewerbungstraining Jobsuche Praktikum "
    "Praktika Praktikumsplätze Ausbildungsplätze Arbeitsplätze Arbeitgeber Unternehmen "
    "Firmen Betriebe Handwerk Handwerker Gastronomie Pflege Einzelhandel Logistik Startups "
    "Digitalisierung Internet WLAN Smartphones Software Programmieren Computerkurs "
    "Fahrradkurs Schwimmkurs Nähkurs Kochkurs Deutschkurs Deutschkurse Sprachkurs "
    "Sprachkurse Alphabetisierung Integrationskurs Konversation Grammatik Wortschatz "
    "Aussprache Prüfung Zertifikat Anerkennung Berufserfahrung Qualifikation Weiterbildung "
    "Umschulung Existenzgründung Gründerinnen Selbstständigkeit Geschäftsidee Kreativität "
    "Kunst Musik Theater Tanz Fotografie Malerei Literatur Film Medien Radio Podcast Zeitung "
    "Öffentlichkeitsarbeit Website Flyer Plakate Logo Buchhaltung Steuererklärung "
    "Vereinsgründung Vorstand Mitglieder Mitgliederversammlung Satzung Gemeinnützigkeit "
    "Spendenquittung Stiftung Stiftungen Sponsor Sponsoren Kooperation Kooperationspartner "
    "Partner Partnerschaft Schirmherrschaft Netzwerktreffen Fachtag Konferenz Fortbildung "
    "Schulung Supervision Qualität Evaluation Bericht Jahresbericht Erfolg Erfolge Wirkung "
    "Nachhaltigkeit Verantwortung Freiwillige Freiwilligendienst Bundesfreiwilligendienst "
    "Ehrenamt Ehrenamtskoordination Koordination Koordinatorin Leitung Projektleitung "
    "Mitarbeiterinnen Mitarbeiter Hauptamtliche Honorarkräfte Minijob Aufwandsentschädigung "
    "Fahrtkosten Fahrkarten Monatskarte Bus Bahn Umzug Transporter Lager Lagerraum Keller "
    "Dachboden Renovierung Sanierung Umbau Ausbau Malerarbeiten Elektrik Sanitär Heizung "
    "Barrierefreiheit Rampe Aufzug Rollstuhl Hörgeräte Gebärdensprache Blindenschrift";

// Words typical of each topic (same order as the schema's topic list in gen_corpus.cc).
inline constexpr std::string_view kTopic[] = {
    // education
    "Lernen Schule Hausaufgaben Nachhilfe Bildungsberatung Schulplatz Lernwerkstatt "
    "Bibliothek Bücher Lesen Mathematik Schulabschluss Lernmaterial Schulranzen Bildungschancen",
    // language
    "Deutschkurs Deutschkurse Sprachcafé Sprachkurs Deutschlernen Sprachtandem Tandem "
    "Konversationskurs Sprachförderung Wörterbücher Alphabetisierungskurs Sprachprüfung "
    "Sprachpaten Übersetzungshilfe Lerngruppe",
    // work
    "Jobsuche Bewerbung Bewerbungen Lebenslauf Arbeitsmarkt Berufseinstieg Arbeitserlaubnis "
    "Jobmesse Berufsorientierung Praktikumsplatz Ausbildungsplatz Arbeitsvermittlung "
    "Fachkräfte Berufsausbildung Einstiegsjob",
    // housing
    "Wohnungssuche Wohnungen Mietvertrag Vermieter Wohnraum Wohngemeinschaft WG Zimmer "
    "Wohnungslosigkeit Obdach Notunterkunft Einzug Möbelspenden Haushaltsgeräte Wohnberatung",
    // health
    "Gesundheitsberatung Arzt Ärztin Krankenversicherung Psychotherapie Traumaberatung "
    "Hebamme Impfung Zahnarzt Krankenhaus Begleitung Seelsorge Wohlbefinden Ernährung "
    "Gesundheitslotsen",
    // children_youth
    "Kinderbetreuung Kita Kitaplatz Jugendarbeit Ferienprogramm Spielgruppe Jugendclub "
    "Kinderfest Basteln Spielen Jugendliche Schülerhilfe Kinderschutz Jugendtreff Babysitting",
    // women
    "Frauengruppe Frauenberatung Frauentreff Müttercafé Frauenschutz Schwangerschaft "
    "Alleinerziehende Gewaltschutz Frauenrechte Empowermentkurs Mädchenarbeit Frauenfrühstück "
    "Nähwerkstatt Frauenhaus Gleichberechtigung",
    // elderly
    "Seniorentreff Altenhilfe Pflegeheim Besuchsdienst Einsamkeit Seniorengruppe Rente "
    "Pflegedienst Nachbarschaftsbesuche Erzählcafé Gedächtnistraining Seniorensport "
    "Einkaufshilfe Vorlesen Generationen",
    // disability
    "Inklusion Behinderung barrierefrei Assistenz Rollstuhlfahrer Teilhabeberatung "
    "Schwerbehindertenausweis Gebärdensprachkurs Blinde Gehörlose Förderschule "
    "Inklusionsprojekt Hilfsmittel Werkstatt Behindertenhilfe",
    // culture
    "Kulturprojekt Kulturcafé Theaterprojekt Musikprojekt Chor Band Ausstellung Festival "
    "Kunstworkshop Tanzgruppe Kulturaustausch Erzählabend Kochbuch Filmprojekt Fotoprojekt",
    // sport
    "Fußball Fußballverein Sportverein Boxen Schwimmen Laufgruppe Basketball Volleyball "
    "Yoga Fitness Training Turnier Sporthalle Trainerin Trainer",
    // digital
    "Laptopspenden Computerkurse Programmierkurs Coding Webentwicklung Digitalkompetenz "
    "Smartphonekurs Onlineberatung Internetzugang Medienkompetenz Datenschutz Hardware "
    "Reparaturcafé Drucker Tablets",
    // legal
    "Rechtsberatung Asylverfahren Aufenthaltsrecht Asylberatung Anwältin Anwalt "
    "Familiennachzug Duldung Aufenthaltserlaubnis Anhörung Widerspruch Sozialrecht "
    "Verfahrensberatung Einbürgerung Rechtshilfe",
    // arrival
    "Erstorientierung Ankunft Ankunftszentrum Begrüßung Willkommenspaket Stadtrundgang "
    "Behördenbegleitung Registrierung Erstberatung Lotsen Willkommenscafé Neuankommende "
    "Orientierungskurs Kiezspaziergang Ankommenshilfe",
    // neighbourhood
    "Nachbarschaftstreff Kiezinitiative Mieterinitiative Hoffest Nachbarschaftsfest Kiezrunde "
    "Nachbarn Hausgemeinschaft Kiezkultur Quartiersmanagement Stadtteilarbeit Kiezladen "
    "Tauschbörse Nachbarschaftsnetzwerk Kiezgarten",
    // environment
    "Umweltschutz Klimaschutz Urban Gardening Hochbeete Baumpflanzung Müllsammeln "
    "Kiezputz Recycling Upcycling Naturschutz Stadtnatur Bienen Kompost Energiesparen Gießen",
    // animals
    "Tierschutz Tierheim Hunde Katzen Tierarzt Gassigehen Tierpflege Futterspenden "
    "Pflegestelle Tierhilfe Vermittlung Haustiere Kleintiere Vogelschutz Igelstation",
    // poverty
    "Armut Tafel Lebensmittelausgabe Suppenküche Kältehilfe Obdachlose Wärmestube "
    "Sozialberatung Schuldnerberatung Kleiderkammer Grundsicherung Bürgergeld "
    "Sozialkaufhaus Notversorgung Kältebus",
};

// Compounds: every modifier + every head ("Kiez" + "garten" -> "Kiezgarten"), 2,542 words
// whose Zipf ranks follow a fixed shuffle: the long tail of a real German corpus.
// Modifiers carry their Fugen-s where German wants one ("Nachbarschafts").
inline constexpr std::string_view kCompoundModifier =
    "Sprach Kiez Nachbarschafts Familien Kinder Jugend Frauen Senioren Bildungs Kultur Sport "
    "Garten Fahrrad Koch Näh Lern Lese Spiel Musik Theater Tanz Computer Medien Beratungs "
    "Begegnungs Willkommens Integrations Arbeits Berufs Wohn Gesundheits Eltern Schul "
    "Hausaufgaben Ferien Sommer Winter Wochenend Abend Spenden Förder Projekt Stadtteil Umwelt "
    "Tier Rechts Asyl Flüchtlings Mieter Hof Straßen Markt Kleider Möbel Werkzeug Reparatur "
    "Mädchen Väter Mütter Übersetzungs Gemeinschafts Bürger";
inline constexpr std::string_view kCompoundHead =
    "kurs kurse gruppe gruppen treff café werkstatt projekt beratung hilfe angebot raum garten "
    "fest abend runde netzwerk zentrum laden küche paten patenschaft initiative verein arbeit "
    "programm workshop tage woche fonds börse büro stelle begleitung förderung ausflug "
    "sprechstunde material spenden aktion haus";

// Organisation name parts: "<prefix> <core> <legal form>".
inline constexpr std::string_view kOrgPrefix =
    "Berliner Neuköllner Moabiter Weddinger Kreuzberger Pankower Spandauer Lichtenberger "
    "Schöneberger Köpenicker Marzahner Reinickendorfer Steglitzer Friedrichshainer "
    "Charlottenburger Interkultureller Evangelischer Katholischer Freier Offener";
inline constexpr std::string_view kOrgCore =
    "Nachbarschaftsverein Förderverein Flüchtlingshilfe Willkommensbündnis Kiezinitiative "
    "Jugendhilfe Frauenverein Sportverein Kulturverein Bildungswerk Netzwerk Helferkreis "
    "Patenschaftsprojekt Familienhilfe Stadtteilverein";
inline constexpr std::string_view kOrgForm = "e.V. gGmbH Initiative Verein Bündnis";

}  // namespace hilfsnetz::bench::vocab
