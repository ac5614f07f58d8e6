// The only JSON writer of the HTTP layer: search results and service status as JSON text.
#pragma once

#include <string>

#include "ranking/recommender.h"
#include "ranking/search_request.h"
#include "ranking/suggester.h"

namespace hilfsnetz::server {

std::string RecommendationsJson(const std::vector<ranking::Recommendation>& hits);
std::string SimilarJson(const std::vector<ranking::SimilarHit>& hits);

std::string SearchResultJson(const ranking::SearchResult& result, const ranking::SearchRequest& req);
std::string SuggestResultJson(const ranking::SuggestResult& result, const ranking::SuggestRequest& req);

}  // namespace hilfsnetz::server
