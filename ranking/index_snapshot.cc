#include "ranking/index_snapshot.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/change_feed.h"
#include "core/xapian_error.h"
#include "ranking/reco_candidates.h"

namespace hilfsnetz::ranking {
namespace {

struct Key {
  std::string path;
  Xapian::rev revision;
  bool operator<(const Key& o) const {
    return path != o.path ? path < o.path : revision < o.revision;
  }
};

struct Slot {
  std::weak_ptr<const IndexSnapshot> done;
  bool building = false;  // one thread reads the revision; the others wait on `built`
};

struct Registry {
  std::mutex mu;
  std::condition_variable built;
  std::map<Key, Slot> slots;   // guarded by mu
  IndexSnapshot::Stats stats;  // guarded by mu

  // The newest snapshot of `key.path` older than `key.revision` that is still in use, or null.
  // REQUIRES: mu held.
  std::shared_ptr<const IndexSnapshot> NewestBefore(const Key& key) {
    auto it = slots.lower_bound(key);
    while (it != slots.begin()) {
      --it;
      if (it->first.path != key.path) break;
      if (auto alive = it->second.done.lock()) return alive;
    }
    return nullptr;
  }

  // Drops the slots of snapshots nobody holds. REQUIRES: mu held.
  void Trim() {
    for (auto it = slots.begin(); it != slots.end();) {
      it = !it->second.building && it->second.done.expired() ? slots.erase(it) : std::next(it);
    }
  }
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

Result<std::shared_ptr<const IndexSnapshot>> IndexSnapshot::For(const std::string& generation_path,
                                                                const Xapian::Database& db) {
  Registry& r = TheRegistry();
  const Key key{generation_path, db.get_revision()};
  std::shared_ptr<const IndexSnapshot> base;
  {
    std::unique_lock<std::mutex> lock(r.mu);
    for (;;) {
      Slot& slot = r.slots[key];
      if (auto alive = slot.done.lock()) {
        ++r.stats.shared;
        return alive;
      }
      if (!slot.building) {
        slot.building = true;
        break;
      }
      r.built.wait(lock);  // `slot` may be gone when this returns: look it up again
    }
    base = r.NewestBefore(key);
  }
  // Read outside the lock: a full read takes about a second at 100k documents, and requests
  // on other generations or revisions go on meanwhile.
  std::optional<std::vector<ChangeFeed::DocId>> changed;
  if (base) changed = ChangeFeed::Global().Changed(generation_path, base->revision(), key.revision);
  // Whatever happens, the slot is released below: waiters must never wait for a build that
  // ended by an exception (memory).
  Result<std::shared_ptr<const IndexSnapshot>> out = InternalError("snapshot not built");
  try {
    out = changed ? Patch(*base, db, std::vector<Xapian::docid>(changed->begin(), changed->end()))
                  : Build(generation_path, db);
  } catch (const std::exception& e) {
    out = InternalError(std::string("building the search snapshot: ") + e.what());
  }
  std::lock_guard<std::mutex> lock(r.mu);
  Slot& slot = r.slots[key];
  slot.building = false;
  if (out.ok()) {
    slot.done = *out;
    ++(changed ? r.stats.patched : r.stats.built);
  }
  r.Trim();
  r.built.notify_all();  // on an error, a waiter tries itself (and meets the same revision)
  return out;
}

bool IndexSnapshot::NewerBeingBuilt(const std::string& generation_path, Xapian::rev revision) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (auto it = r.slots.upper_bound(Key{generation_path, revision});
       it != r.slots.end() && it->first.path == generation_path; ++it) {
    if (it->second.building) return true;
  }
  return false;
}

Result<std::shared_ptr<const IndexSnapshot>> IndexSnapshot::Build(const std::string& path,
                                                                  const Xapian::Database& db) {
  std::shared_ptr<IndexSnapshot> out(new IndexSnapshot());
  out->revision_ = db.get_revision();
  Status s = GuardXapian("reading facet values", [&]() -> Status {
    out->facets_ = FacetCache(db);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  Result<std::shared_ptr<const SemanticIndex>> vectors = SemanticIndex::Load(path, db);
  if (!vectors.ok()) return vectors.status();
  out->semantic_ = std::move(*vectors);
  if (out->semantic_) out->active_rows_ = ActiveRows(out->facets_, *out->semantic_);
  return std::shared_ptr<const IndexSnapshot>(std::move(out));
}

Result<std::shared_ptr<const IndexSnapshot>> IndexSnapshot::Patch(
    const IndexSnapshot& base, const Xapian::Database& db,
    const std::vector<Xapian::docid>& changed) {
  std::shared_ptr<IndexSnapshot> out(new IndexSnapshot());
  out->revision_ = db.get_revision();
  Status s = GuardXapian("reading changed facet values", [&]() -> Status {
    out->facets_ = FacetCache::Patched(base.facets_, db, changed);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (base.semantic_) {
    Result<std::shared_ptr<const SemanticIndex>> vectors =
        SemanticIndex::Patched(*base.semantic_, db, changed);
    if (!vectors.ok()) return vectors.status();
    out->semantic_ = std::move(*vectors);
    out->active_rows_ = ActiveRows(out->facets_, *out->semantic_);
  }
  {
    std::lock_guard<std::mutex> lock(base.browse_mu_);
    if (base.browse_) {
      out->browse_seed_ = base.browse_;
      out->seed_changed_ = changed;
    } else if (base.browse_seed_) {
      out->browse_seed_ = base.browse_seed_;
      out->seed_changed_ = base.seed_changed_;
      out->seed_changed_.insert(out->seed_changed_.end(), changed.begin(), changed.end());
      std::sort(out->seed_changed_.begin(), out->seed_changed_.end());
      out->seed_changed_.erase(std::unique(out->seed_changed_.begin(), out->seed_changed_.end()),
                               out->seed_changed_.end());
    }
  }
  return std::shared_ptr<const IndexSnapshot>(std::move(out));
}

Result<std::shared_ptr<const SuggestIndex>> IndexSnapshot::Suggest(
    const Xapian::Database& db) const {
  // Held while building (one pass over the vocabulary): the others would build the same.
  std::lock_guard<std::mutex> lock(suggest_mu_);
  if (suggest_) return suggest_;
  Result<std::shared_ptr<const SuggestIndex>> built = SuggestIndex::Build(db);
  if (built.ok()) suggest_ = *built;
  return built;
}

Result<std::shared_ptr<const BrowseIndex>> IndexSnapshot::Browse(const Xapian::Database& db) const {
  std::lock_guard<std::mutex> lock(browse_mu_);
  if (browse_) return browse_;
  Result<std::shared_ptr<const BrowseIndex>> built =
      browse_seed_ ? BrowseIndex::Patched(*browse_seed_, db, facets_, seed_changed_)
                   : BrowseIndex::Build(db, facets_);
  if (built.ok()) {
    {
      Registry& r = TheRegistry();
      std::lock_guard<std::mutex> stats_lock(r.mu);
      ++(browse_seed_ ? r.stats.browse_patched : r.stats.browse_built);
    }
    browse_ = *built;
    browse_seed_.reset();
    seed_changed_.clear();
    seed_changed_.shrink_to_fit();
  }
  return built;
}

IndexSnapshot::Stats IndexSnapshot::GetStats() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  return r.stats;
}

}  // namespace hilfsnetz::ranking
