# Sourced by the test scripts. retry CMD...: runs an idempotent install step up to three times,
# so one registry hiccup (a 503, a dropped download) does not fail the whole run.
retry() {
  local i
  for i in 1 2 3; do
    "$@" && return 0
    echo "retry: '$*' failed (attempt $i of 3)" >&2
    [ "$i" -lt 3 ] && sleep $((10 * i))
  done
  return 1
}
