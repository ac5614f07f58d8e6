// hilfsnetz: the one executable. Subcommands: index, serve, demo (see README.md).
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>
#include <vector>

#include "indexer/index_builder.h"
#include "indexer/rollback.h"
#include "indexer/upsert_file.h"
#include "ranking/searcher.h"
#include "schemas/codec/company_codec.h"
#include "server/http_server.h"
#include "text/concept_lexicon.h"
#include "text/query_analysis.h"

#ifndef HN_SAMPLE_PATH
#define HN_SAMPLE_PATH "data/sample/initiatives.jsonl"
#endif
#ifndef HN_COMPANIES_PATH
#define HN_COMPANIES_PATH "data/sample/companies.jsonl"
#endif

namespace {

using namespace hilfsnetz;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitRejected = 2;

// Each rejected line of an index or upsert run as "line N: field: reason".
void PrintRejected(const std::vector<indexer::RejectedLine>& rejected) {
  for (const indexer::RejectedLine& r : rejected) {
    std::fprintf(stderr, "line %llu: %s: %s\n", static_cast<unsigned long long>(r.line),
                 r.error.field.empty() ? "(record)" : r.error.field.c_str(), r.error.en.c_str());
  }
}

// --mode upsert: the file's records applied to the live index (docs/writing.md).
int RunUpsert(std::istream& in, const std::string& index_dir) {
  auto report = indexer::UpsertFromJsonl(in, index_dir);
  if (!report.ok()) {
    std::fprintf(stderr, "error: %s\n", report.status().ToString().c_str());
    return kExitFailure;
  }
  PrintRejected(report->rejected);
  std::fprintf(stderr,
               "upserted into %s/%s in %.2f s: %llu added, %llu replaced, %zu problems (%llu "
               "lines)\n",
               index_dir.c_str(), report->generation.c_str(), report->seconds,
               static_cast<unsigned long long>(report->added),
               static_cast<unsigned long long>(report->replaced), report->rejected.size(),
               static_cast<unsigned long long>(report->lines));
  return report->rejected.empty() ? kExitOk : kExitRejected;
}

int RunIndex(const std::string& input, const std::string& index_dir,
             const std::string& mode = "replace") {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (input != "-") {
    file.open(input);
    if (!file) {
      std::fprintf(stderr, "error: cannot open input %s\n", input.c_str());
      return kExitFailure;
    }
    in = &file;
  }
  if (mode == "upsert") return RunUpsert(*in, index_dir);
  indexer::BuildOptions options;
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  if (tty) {
    options.progress = [](uint64_t lines, uint64_t indexed) {
      std::fprintf(stderr, "\r%llu lines read, %llu indexed",
                   static_cast<unsigned long long>(lines),
                   static_cast<unsigned long long>(indexed));
    };
  }
  auto report = indexer::BuildIndex(*in, index_dir, options);
  if (tty) std::fprintf(stderr, "\n");
  if (!report.ok()) {
    std::fprintf(stderr, "error: %s\n", report.status().ToString().c_str());
    return kExitFailure;
  }
  PrintRejected(report->rejected);
  std::fprintf(stderr, "indexed %llu of %llu records into %s/%s in %.2f s; %zu problems\n",
               static_cast<unsigned long long>(report->indexed),
               static_cast<unsigned long long>(report->lines), index_dir.c_str(),
               report->generation.c_str(), report->seconds, report->rejected.size());
  if (report->trained_on > 0 && report->trained_on < report->indexed) {
    std::fprintf(stderr, "the embedder was trained on an even sample of %llu of them\n",
                 static_cast<unsigned long long>(report->trained_on));
  }
  return report->rejected.empty() ? kExitOk : kExitRejected;
}

// Prints the top three recommendations (with reasons) for each sample company, so the demo
// shows the recommender at work before serving.
void ShowRecommendations(const std::string& companies_path, const std::string& index_dir) {
  std::ifstream in(companies_path);
  auto searcher = ranking::Searcher::Open(index_dir, {});
  if (!in || !searcher.ok()) return;
  std::string line;
  while (std::getline(in, line)) {
    schemas::ParsedCompany parsed = schemas::ParseCompanyProfile(line);
    if (!parsed.ok()) continue;
    parsed.profile.limit = 3;
    auto hits = (*searcher)->Recommend(parsed.profile);
    if (!hits.ok()) continue;
    std::printf("\n%s\n", parsed.profile.name.c_str());
    for (const ranking::Recommendation& h : *hits) {
      std::printf("  %.3f  %s\n", h.components.total, h.record.title.c_str());
      for (size_t i = 0; i < h.reasons.size() && i < 2; ++i) {
        std::printf("         – %s\n", h.reasons[i].de.c_str());
      }
    }
  }
  std::printf("\n");
  std::fflush(stdout);
}

// Serves until SIGINT or SIGTERM, which stop the server cleanly.
int RunServe(const server::ServerOptions& options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every worker thread

  auto srv = server::HttpServer::Create(options);
  if (!srv.ok()) {
    std::fprintf(stderr, "error: %s\n", srv.status().ToString().c_str());
    return kExitFailure;
  }
  server::HttpServer* s = srv->get();
  std::thread waiter([s, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    s->Stop();
  });
  waiter.detach();
  std::fprintf(stderr, "hilfsnetz serving %s on http://%s:%d\n", options.index_dir.c_str(),
               options.host.c_str(), s->port());
  Status st = s->Run();
  if (!st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
    return kExitFailure;
  }
  return kExitOk;
}

// Prints how the search box reads `text` (or, with --doc, how a record in `language` is
// indexed): the language, each word's languages, stems and compound parts, and the concepts
// the words name. For lexicon authors checking an entry, and for anyone asking "why did this
// query find that?".
int RunAnalyze(const std::string& text, const std::string& language, bool document) {
  const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
  for (const std::string& e : lexicon.LoadErrors())
    std::fprintf(stderr, "lexicon: %s\n", e.c_str());
  auto label = [&](text::ConceptId c) {
    const text::Concept& k = lexicon.Get(c);
    return k.id + " (" + k.Label("de") + " / " + k.Label("en") + ")";
  };
  if (document) {
    const std::string lang = text::Analyzer::DocumentLanguage(language);
    const auto tokens = text::Analyzer::Default().Analyze(text, lang, text::Mode::kDocument);
    std::printf("document language: %s\n%s\n", lang.c_str(),
                text::Analyzer::DebugString(tokens).c_str());
    for (const text::ConceptMatch& m : lexicon.Match(tokens, lang)) {
      std::printf("  words %u-%u: %s\n", m.first + 1, m.last, label(m.id).c_str());
    }
    return kExitOk;
  }
  text::QueryOptions options;
  options.language = language;
  const text::QueryAnalysis q = text::AnalyzeQuery(text, options);
  std::printf("query language: %s%s\n", q.language.empty() ? "(undecided)" : q.language.c_str(),
              q.language_given ? " (given)" : "");
  for (const text::QueryWord& w : q.words) {
    std::string langs;
    for (const std::string& l : w.languages) langs += (langs.empty() ? "" : ",") + l;
    std::printf("  %s  [%s]\n", w.token.DebugString().c_str(), langs.c_str());
    for (text::ConceptId c : w.concepts) std::printf("      -> %s\n", label(c).c_str());
    for (const std::string& g : w.translations)
      std::printf("      => %s (dictionary)\n", g.c_str());
  }
  return kExitOk;
}

// The flags an operator tunes (docs/operations.md): limits, timeouts, CORS, the access log.
void AddOperationsFlags(CLI::App& cmd, server::ServerOptions& o) {
  cmd.add_option("--io-threads", o.io_threads, "Threads reading and writing sockets")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd.add_option("--max-queued", o.max_queued, "Requests that may wait for a worker; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cmd.add_option("--request-timeout-ms", o.request_timeout_ms,
                 "Deadline of a request, waiting included; later answers are 503 (0 = none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 600000));
  cmd.add_option("--max-body-bytes", o.max_body_bytes, "Largest request body, after decoding")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{64} << 20));
  cmd.add_option("--max-upload-bytes", o.max_upload_bytes,
                 "Largest body of a bulk write or a rebuild (PUT /v1/initiatives), after decoding")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{4} << 30));
  cmd.add_option("--refresh-interval-ms", o.refresh_interval_ms,
                 "With writes: the longest a written record waits to be seen by searches "
                 "(a write with ?refresh=wait is answered once it is)")
      ->capture_default_str()
      ->check(CLI::Range(0, 60000));
  cmd.add_option("--keep-alive-timeout-ms", o.keep_alive_timeout_ms,
                 "Idle time before a connection is closed")
      ->capture_default_str()
      ->check(CLI::Range(100, 3600000));
  cmd.add_option("--max-connections", o.max_connections,
                 "Open connections; more are closed at once")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  cmd.add_option("--cors-origin", o.cors_origins,
                 "An origin allowed to call the API from a browser (repeatable; * = any)");
  cmd.add_option_function<size_t>(
         "--result-cache-mb", [&o](size_t mb) { o.result_cache_bytes = mb << 20; },
         "Keep this many MiB of search and suggest answers by request and index revision, for "
         "repeating searches (0 = none; server/result_cache.h)")
      ->default_str("0")
      ->check(CLI::Range(size_t{0}, size_t{65536}));
  cmd.add_flag("--no-page{false}", o.serve_page,
               "Serve the API alone, without the portal page at / (docs/portal.md)");
  cmd.add_option("--access-log", o.access_log,
                 "JSON-lines access log: - for stdout, a file, or off")
      ->default_str("-");
  cmd.add_flag("--log-queries", o.log_queries,
               "Write query strings into the access log (they are personal data)");
}

// API keys (docs/operations.md): --keys FILE and HILFSNETZ_API_KEYS, then --require-read-key.
struct KeyFlags {
  std::string file;
  bool require_read_key = false;
};

void AddKeyFlags(CLI::App& cmd, KeyFlags& k) {
  cmd.add_option("--keys", k.file,
                 "API keys, one per line: name scope key (scope read or write; the key in clear "
                 "or as sha256:<hex>); more from HILFSNETZ_API_KEYS=name:scope:key,...");
  cmd.add_flag("--require-read-key", k.require_read_key,
               "Reads need a read or write key too (writes always need a write key)");
}

// Fills options.keys; false (after printing why) when a key source is unreadable or wrong.
bool LoadKeys(const KeyFlags& k, server::ServerOptions& options) {
  if (!k.file.empty()) {
    std::ifstream in(k.file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "error: --keys: cannot read %s\n", k.file.c_str());
      return false;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Result<server::ApiKeys> keys = server::ApiKeys::ParseFile(text, k.file);
    if (!keys.ok()) {
      std::fprintf(stderr, "error: --keys: %s\n", keys.status().message().c_str());
      return false;
    }
    options.keys = std::move(*keys);
  }
  if (const char* env = std::getenv("HILFSNETZ_API_KEYS"); env != nullptr && *env != '\0') {
    Result<server::ApiKeys> keys = server::ApiKeys::ParseEnv(env);
    Status merged = keys.ok() ? options.keys.Merge(*keys) : keys.status();
    if (!merged.ok()) {
      std::fprintf(stderr, "error: %s\n", merged.message().c_str());
      return false;
    }
  }
  options.require_read_key = k.require_read_key;
  if (k.require_read_key && options.keys.empty()) {
    std::fprintf(stderr,
                 "error: --require-read-key without any key (--keys FILE or HILFSNETZ_API_KEYS): "
                 "nobody could read\n");
    return false;
  }
  return true;
}

// hilfsnetz keys new: a fresh key and the line for the keys file.
int RunKeysNew(const std::string& name, const std::string& scope) {
  if (!server::IsValidKeyName(name)) {
    std::fprintf(stderr, "error: --name: must be 1 to 64 letters, digits, '-', '_' or '.'\n");
    return kExitFailure;
  }
  Result<std::string> key = server::NewApiKey();
  if (!key.ok()) {
    std::fprintf(stderr, "error: %s\n", key.status().message().c_str());
    return kExitFailure;
  }
  // Checked as the server will check the line.
  const std::string line = name + " " + scope + " sha256:" + server::Sha256Hex(*key);
  if (Result<server::ApiKeys> parsed = server::ApiKeys::ParseFile(line, "the new line");
      !parsed.ok()) {
    std::fprintf(stderr, "error: %s\n", parsed.status().message().c_str());
    return kExitFailure;
  }
  std::printf("key:  %s\n", key->c_str());
  std::printf("line: %s\n", line.c_str());
  std::fprintf(stderr,
               "Give the key to its user; add the line to the --keys file (it holds only the "
               "key's hash). The key is not shown again.\n");
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hilfsnetz: search and recommendations for civic and refugee-help initiatives"};
  app.require_subcommand(1);

  std::string input, index_dir;
  auto* index =
      app.add_subcommand("index", "Build an index from JSON lines (one initiative per line)");
  index->add_option("--input", input, "JSONL file, or - for stdin");
  index->add_option("--index", index_dir, "Index directory")->required();
  std::string index_mode = "replace";
  index
      ->add_option("--mode", index_mode,
                   "replace: build a new generation of the file's records and swap it in; "
                   "upsert: apply the file's records to the live index (the others stay)")
      ->capture_default_str()
      ->check(CLI::IsMember({"replace", "upsert"}));
  bool rollback = false;
  index->add_flag("--rollback", rollback,
                  "Publish the previous complete generation again (no --input)");

  server::ServerOptions serve_opts;
  auto* serve = app.add_subcommand("serve", "Serve the HTTP API");
  serve->add_option("--index", serve_opts.index_dir, "Index directory")->required();
  serve->add_option("--host", serve_opts.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", serve_opts.port, "Port (0 = any free port)")->capture_default_str();
  serve->add_option("--threads", serve_opts.threads, "Worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  std::string reco_weights;
  serve->add_option(
      "--reco-weights", reco_weights,
      "Recommendation weights, e.g. need_match=0.4,proximity=0.1 (each 0..1; the rest keep "
      "docs/recommendations.md's defaults)");
  serve
      ->add_option(
          "--suggest-budget-ms", serve_opts.suggest_budget_ms,
          "Time /v1/suggest may walk matches to count before estimating (0 = always exact)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  AddOperationsFlags(*serve, serve_opts);
  KeyFlags serve_keys;
  AddKeyFlags(*serve, serve_keys);

  server::ServerOptions demo_opts;
  std::string demo_input = HN_SAMPLE_PATH;
  std::string demo_companies = HN_COMPANIES_PATH;
  std::string demo_index;
  auto* demo = app.add_subcommand("demo", "Index the bundled sample and serve it");
  demo->add_option("--port", demo_opts.port, "Port")->capture_default_str();
  demo->add_option("--host", demo_opts.host, "Address to listen on")->capture_default_str();
  demo->add_option("--input", demo_input, "Sample JSONL")->capture_default_str();
  demo->add_option("--companies", demo_companies, "Company profiles to show recommendations for")
      ->capture_default_str();
  demo->add_option("--index", demo_index, "Index directory (default: a new temporary one)");
  AddOperationsFlags(*demo, demo_opts);
  KeyFlags demo_keys;
  AddKeyFlags(*demo, demo_keys);

  std::string key_name, key_scope = "read";
  auto* keys = app.add_subcommand("keys", "API keys for serve --keys");
  keys->require_subcommand(1);
  auto* keys_new = keys->add_subcommand("new", "Print a fresh random key and its line");
  keys_new->add_option("--name", key_name, "The key's name (who uses it)")->required();
  keys_new->add_option("--scope", key_scope, "read or write")
      ->capture_default_str()
      ->check(CLI::IsMember({"read", "write"}));

  std::string analyze_text, analyze_lang;
  bool analyze_doc = false;
  auto* analyze = app.add_subcommand(
      "analyze", "Show how a query (or, with --doc, a record's text) is analysed");
  analyze->add_option("text", analyze_text, "The text")->required();
  analyze->add_option("--lang", analyze_lang,
                      "Its language (de, en, ar, uk, ru, tr, fa; default: detect)");
  analyze->add_flag("--doc", analyze_doc, "Analyse as a record's text in --lang (default de)");

  serve_opts.access_log = demo_opts.access_log = "-";
  CLI11_PARSE(app, argc, argv);
  for (server::ServerOptions* o : {&serve_opts, &demo_opts}) {
    if (o->access_log == "off") o->access_log.clear();
  }

  if (*analyze) return RunAnalyze(analyze_text, analyze_lang, analyze_doc);

  if (*index) {
    if (rollback) {
      if (!input.empty()) {
        std::fprintf(stderr, "error: --rollback takes no --input\n");
        return kExitFailure;
      }
      auto r = indexer::RollBack(index_dir);
      if (!r.ok()) {
        std::fprintf(stderr, "error: %s\n", r.status().ToString().c_str());
        return kExitFailure;
      }
      std::fprintf(stderr, "rolled %s back from %s to %s\n", index_dir.c_str(), r->from.c_str(),
                   r->to.c_str());
      return kExitOk;
    }
    if (input.empty()) {
      std::fprintf(stderr, "error: --input is required (or --rollback)\n");
      return kExitFailure;
    }
    return RunIndex(input, index_dir, index_mode);
  }
  if (*keys_new) return RunKeysNew(key_name, key_scope);
  if (*serve) {
    if (!LoadKeys(serve_keys, serve_opts)) return kExitFailure;
    if (!reco_weights.empty()) {
      Result<ranking::RecoWeights> w = ranking::ParseWeights(reco_weights, serve_opts.reco_weights);
      if (!w.ok()) {
        std::fprintf(stderr, "error: --reco-weights: %s\n", w.status().message().c_str());
        return kExitFailure;
      }
      serve_opts.reco_weights = *w;
    }
    return RunServe(serve_opts);
  }
  if (*demo) {
    if (!LoadKeys(demo_keys, demo_opts)) return kExitFailure;
    if (demo_index.empty()) {
      char tmpl[] = "/tmp/hilfsnetz-demo-XXXXXX";
      if (!::mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return kExitFailure;
      }
      demo_index = tmpl;
    }
    const int rc = RunIndex(demo_input, demo_index);
    if (rc == kExitFailure) return rc;
    demo_opts.index_dir = demo_index;
    ShowRecommendations(demo_companies, demo_index);
    return RunServe(demo_opts);
  }
  return kExitFailure;
}
