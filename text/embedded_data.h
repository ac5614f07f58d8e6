// The data tables compiled into the binary by hn_embed_files (see text/CMakeLists.txt).
// Each view covers one file of data/text/ and lives for the whole program.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hilfsnetz::text::data {

extern const std::string_view stopwords_de;
extern const std::string_view stopwords_en;
extern const std::string_view stopwords_ar;
extern const std::string_view stopwords_tr;
extern const std::string_view stopwords_uk;
extern const std::string_view stopwords_ru;
extern const std::string_view stopwords_fa;
extern const std::string_view lexicon_de;
extern const std::string_view protected_de;
extern const std::string_view stem_keep_s_de;

// The concept lexicon files (data/text/concepts/*.txt) as (file name, text), sorted by name.
const std::vector<std::pair<std::string, std::string_view>>& ConceptFiles();

}  // namespace hilfsnetz::text::data
