# The one warning list applied to the project's own targets (not to third-party headers).
set(HN_WARNINGS -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wmissing-declarations)
if(HN_WERROR)
  list(APPEND HN_WARNINGS -Werror)
endif()
