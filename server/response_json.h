// The only JSON writer of the HTTP layer: search results and service status as JSON text.
#pragma once

#include <string>

#include "ranking/search_request.h"

namespace hilfsnetz::server {

std::string SearchResultJson(const ranking::SearchResult& result, const ranking::SearchRequest& req);

}  // namespace hilfsnetz::server
