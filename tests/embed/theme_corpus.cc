#include "tests/embed/theme_corpus.h"

#include <string>
#include <utility>
#include <vector>

namespace hilfsnetz::embed::testing {
namespace {

ThemedDoc Doc(Theme theme, const char* title, const char* summary, const char* description,
              std::vector<std::string> needs) {
  return ThemedDoc{theme, EmbedInput{title, summary, description, std::move(needs), "de", ""}};
}

std::vector<ThemedDoc> Build() {
  const Theme g = Theme::kGerman;
  const Theme b = Theme::kBicycle;
  const Theme k = Theme::kClothes;
  const Theme c = Theme::kComputers;
  return {
      Doc(g, "Sprachcafé Neukölln",
          "Jeden Dienstag üben Geflüchtete und Nachbarn gemeinsam Deutsch.",
          "Bei Kaffee und Kuchen sprechen wir Deutsch, verbessern die Aussprache und lernen neue "
          "Wörter.",
          {"Ehrenamtliche Gesprächspartner für das Sprachcafé"}),
      Doc(g, "Deutschkurs für Frauen",
          "Kostenloser Deutschkurs mit Kinderbetreuung für geflüchtete Frauen.",
          "Die Teilnehmerinnen lernen Grammatik, Wortschatz und Sprechen für den Alltag.",
          {"Lehrerinnen für Deutsch als Fremdsprache"}),
      Doc(g, "Deutsch lernen im Kiez", "Wir bieten Deutschkurse auf den Niveaus A1 bis B1 an.",
          "Unsere Sprachkurse bereiten auf die Sprachprüfung vor; Lehrkräfte unterrichten "
          "Grammatik.",
          {"Lehrbücher und Wörterbücher für die Deutschkurse"}),
      Doc(g, "Sprachpatenschaften",
          "Sprachpaten treffen sich jede Woche mit Geflüchteten zum Deutschsprechen.",
          "Im Gespräch mit den Sprachpaten lernen Neuankommende Deutsch und finden sich im Alltag "
          "zurecht.",
          {"Sprachpaten mit Geduld und Zeit"}),
      Doc(g, "Konversationskurs Deutsch", "Deutsch sprechen ohne Angst vor Fehlern.",
          "Der Konversationskurs übt freies Sprechen, Aussprache und Wortschatz auf Deutsch.",
          {"Lehrkraft für den Konversationskurs"}),
      Doc(g, "Sprachtreff im Stadtteilzentrum", "Ein offener Sprachtreff zum Deutschlernen.",
          "Beim Sprachtreff lernen Erwachsene Deutsch mit Spielen, Liedern und Gesprächen.",
          {"Ehrenamtliche für den Sprachtreff", "Spiele zum Deutschlernen"}),
      Doc(g, "Deutsch für Eltern", "Deutschkurs für Mütter und Väter während die Kinder spielen.",
          "Eltern lernen Deutsch für Kita, Schule und Arzt, mit Grammatik und Wortschatz.",
          {"Deutschlehrerin für den Elternkurs"}),
      Doc(g, "Alphabetisierung und Deutsch", "Lesen und Schreiben lernen auf Deutsch.",
          "Im Alphabetisierungskurs lernen Erwachsene Buchstaben, Wörter und erste Sätze auf "
          "Deutsch.",
          {"Lehrkräfte für Alphabetisierung und Deutsch als Zweitsprache"}),
      Doc(g, "Sprachcafé Moabit",
          "Das Sprachcafé verbindet Nachbarn und Geflüchtete beim Deutschsprechen.",
          "Im Sprachcafé wird Deutsch geübt, Wortschatz erweitert und Aussprache verbessert.",
          {"Kaffee und Kuchen für das Sprachcafé"}),
      Doc(g, "Sprachtandem Deutsch-Arabisch",
          "Tandempartner lernen Deutsch und Arabisch voneinander.",
          "Zwei Sprachpartner treffen sich und sprechen abwechselnd Deutsch und Arabisch.",
          {"Deutschsprachige Tandempartner"}),

      Doc(b, "Fahrradwerkstatt für Geflüchtete",
          "In unserer Fahrradwerkstatt reparieren wir gespendete Fahrräder.",
          "Geflüchtete lernen Schläuche flicken, Bremsen einstellen und Ketten ölen.",
          {"Werkzeug und Ersatzteile für die Fahrradwerkstatt"}),
      Doc(b, "Reparaturcafé Rad", "Einmal im Monat reparieren wir Fahrräder gemeinsam.",
          "Im Reparaturcafé zeigen Ehrenamtliche, wie man Fahrräder, Reifen und Bremsen repariert.",
          {"Fahrradmechaniker für das Reparaturcafé"}),
      Doc(b, "Fahrräder für alle", "Wir sammeln alte Fahrräder und reparieren sie.",
          "Die reparierten Fahrräder geben wir kostenlos an geflüchtete Familien weiter.",
          {"Gebrauchte Fahrräder und Fahrradschlösser"}),
      Doc(b, "Selbsthilfewerkstatt Fahrrad", "Offene Werkstatt zum Reparieren von Fahrrädern.",
          "In der Selbsthilfewerkstatt stehen Werkzeug, Montageständer und Ersatzteile bereit.",
          {"Ersatzteile wie Schläuche, Reifen und Bremsbeläge"}),
      Doc(b, "Radwerkstatt im Hof", "Eine kleine Fahrradwerkstatt im Hinterhof.",
          "Nachbarn und Geflüchtete reparieren zusammen Fahrräder, wechseln Reifen und stellen "
          "Schaltungen ein.",
          {"Werkzeugkoffer für die Radwerkstatt"}),
      Doc(b, "Fahrradreparatur lernen", "Workshop: Fahrrad selbst reparieren.",
          "Teilnehmende lernen Schlauch wechseln, Kette spannen und Bremsen reparieren.",
          {"Fahrradmechanikerin für den Workshop"}),
      Doc(b, "Mobil mit dem Rad", "Gespendete Fahrräder machen Geflüchtete mobil.",
          "Wir reparieren Spendenräder in unserer Werkstatt und geben sie mit Schloss und Licht "
          "weiter.",
          {"Fahrradlichter und Schlösser"}),
      Doc(b, "Lastenrad-Werkstatt", "Reparatur und Verleih von Lastenrädern.",
          "Die Werkstatt repariert Lastenräder und Fahrräder für Familien im Kiez.",
          {"Ersatzteile für Lastenräder"}),
      Doc(b, "Fahrradwerkstatt Wedding", "Die Fahrradwerkstatt öffnet jeden Samstag.",
          "Ehrenamtliche Mechaniker reparieren Fahrräder, Bremsen und Reifen mit den Besuchern.",
          {"Ehrenamtliche für die Fahrradwerkstatt"}),
      Doc(b, "Bike Kitchen", "Gemeinschaftswerkstatt für Fahrräder.",
          "In der Bike Kitchen reparieren Menschen ihre Fahrräder selbst, mit Werkzeug und "
          "Ersatzteilen.",
          {"Werkzeug und gebrauchte Fahrradteile"}),

      Doc(k, "Kleiderkammer Kreuzberg", "Die Kleiderkammer gibt warme Kleidung an Geflüchtete aus.",
          "Wir sortieren gespendete Winterjacken, Schuhe, Pullover und Mützen.",
          {"Winterjacken und Winterschuhe in allen Größen"}),
      Doc(k, "Winterhilfe Kleidung", "Warme Winterjacken für Kinder und Erwachsene.",
          "Die Winterhilfe sammelt Winterjacken, Schals und Handschuhe für den Winter.",
          {"Winterjacken für Kinder"}),
      Doc(k, "Kleiderspende im Kiez", "Kleiderspenden werden sortiert und verteilt.",
          "Ehrenamtliche sortieren Kleidung, Hosen, Pullover und Schuhe in der Kleiderkammer.",
          {"Helfer zum Sortieren der Kleiderspenden"}),
      Doc(k, "Kleiderkammer Spandau", "Kostenlose Kleidung für geflüchtete Familien.",
          "In der Kleiderkammer finden Familien Jacken, Schuhe, Babykleidung und Bettwäsche.",
          {"Babykleidung und Kinderschuhe"}),
      Doc(k, "Warme Jacken für den Winter", "Wir verteilen Winterjacken und Winterstiefel.",
          "Vor dem Winter sammeln wir Jacken, Mäntel, Stiefel und warme Kleidung.",
          {"Winterstiefel und Mäntel"}),
      Doc(k, "Kleidertausch", "Tauschen statt kaufen: Kleidung für alle.",
          "Beim Kleidertausch bringen Nachbarn Kleidung, Schuhe und Taschen mit und tauschen.",
          {"Kleiderständer und Kleiderbügel"}),
      Doc(k, "Kinderkleiderkammer", "Kinderkleidung und Winterjacken für Kinder.",
          "Die Kinderkleiderkammer gibt Kinderkleidung, Schuhe und Jacken an Familien aus.",
          {"Kinderkleidung in allen Größen"}),
      Doc(k, "Sozialkaufhaus Kleidung", "Günstige Kleidung aus Spenden.",
          "Gespendete Kleidung, Schuhe und Winterjacken werden sortiert und günstig abgegeben.",
          {"Kleiderspenden und Schuhe"}),
      Doc(k, "Kleiderkammer Lichtenberg", "Die Kleiderkammer braucht Winterkleidung.",
          "Jeden Donnerstag gibt die Kleiderkammer Jacken, Pullover und Schuhe aus.",
          {"Ehrenamtliche für die Kleiderkammer", "Winterjacken für Männer"}),
      Doc(k, "Kältehilfe Kleidung", "Schlafsäcke und warme Kleidung für die Kälte.",
          "Die Kältehilfe verteilt Winterjacken, Decken, Mützen und Handschuhe.",
          {"Schlafsäcke, Decken und Winterjacken"}),

      Doc(c, "Laptops für Geflüchtete", "Wir sammeln gebrauchte Laptops und Notebooks.",
          "Ehrenamtliche bereiten die gespendeten Laptops auf und installieren Lernsoftware.",
          {"Gebrauchte Laptops und Notebooks"}),
      Doc(c, "Programmierkurs für Einsteiger",
          "Im Programmierkurs lernen Geflüchtete HTML und Python.",
          "Mentorinnen begleiten die Teilnehmenden beim Programmieren am Laptop.",
          {"Notebooks für den Programmierkurs"}),
      Doc(c, "Computerkurs für Senioren", "Der Computerkurs erklärt Computer, E-Mail und Internet.",
          "Ältere Menschen lernen am Computer und Laptop Schritt für Schritt.",
          {"Computer und Laptops für den Computerkurs"}),
      Doc(c, "Digitale Teilhabe", "Laptops und Computerkurse für Familien.",
          "Familien bekommen einen Laptop und lernen im Computerkurs den Umgang mit Software.",
          {"Laptopspenden von Unternehmen"}),
      Doc(c, "Coding-Schule", "Programmieren lernen in zwölf Wochen.",
          "In der Coding-Schule lernen Geflüchtete Programmieren mit JavaScript auf Notebooks.",
          {"Mentoren für den Programmierkurs", "Notebooks"}),
      Doc(c, "Laptop-Werkstatt", "Alte Laptops bekommen ein zweites Leben.",
          "Wir reparieren gespendete Laptops und Computer und installieren Linux.",
          {"Laptops und Festplatten"}),
      Doc(c, "Computerraum im Wohnheim", "Ein Computerraum mit Laptops für Bewohner.",
          "Bewohner nutzen die Computer für Bewerbungen, Computerkurse und Hausaufgaben.",
          {"Computer, Drucker und Laptops"}),
      Doc(c, "Webentwicklung für Frauen", "Programmierkurs für geflüchtete Frauen.",
          "Frauen lernen Webentwicklung und Programmieren mit Laptops und Mentorinnen.",
          {"Laptops für den Programmierkurs"}),
      Doc(c, "Digitalwerkstatt", "Computerkurse und Laptophilfe.",
          "In der Digitalwerkstatt lernen Jugendliche Computer, Programmieren und Software.",
          {"Notebooks und Computer"}),
      Doc(c, "IT-Mentoring", "Mentoring für Programmieren und IT-Berufe.",
          "IT-Fachleute begleiten Geflüchtete beim Programmieren und leihen ihnen Notebooks.",
          {"IT-Mentoren und Laptops"}),
  };
}

}  // namespace

const std::vector<ThemedDoc>& ThemeCorpus() {
  static const std::vector<ThemedDoc> corpus = Build();
  return corpus;
}

std::vector<EmbedInput> ThemeInputs() {
  std::vector<EmbedInput> out;
  for (const ThemedDoc& d : ThemeCorpus()) out.push_back(d.input);
  return out;
}

}  // namespace hilfsnetz::embed::testing
