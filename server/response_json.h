// The only JSON writer of the HTTP layer: search results and service status as JSON text.
#pragma once

#include <string>

#include "ranking/recommender.h"
#include "ranking/search_request.h"
#include "ranking/similar.h"
#include "ranking/suggester.h"
#include "schemas/company.h"

namespace hilfsnetz::server {

// `profile` adds the answer's notices (a profile without a place in Berlin gets no proximity).
std::string RecommendationsJson(const std::vector<ranking::Recommendation>& hits,
                                const schemas::CompanyProfile& profile);
std::string SimilarJson(const std::vector<ranking::SimilarHit>& hits);

std::string SearchResultJson(const ranking::SearchResult& result,
                             const ranking::SearchRequest& req);
std::string SuggestResultJson(const ranking::SuggestResult& result,
                              const ranking::SuggestRequest& req);

}  // namespace hilfsnetz::server
