#!/usr/bin/env bash
# .github/numform-comment.sh — used by numform-plan.yml and numform-apply.yml. Needs only bash,
# coreutils, awk, jq and gh, all on GitHub's runners; it never sees the VoIPBIN access key.
#
#   numform-comment.sh summary FILE            print FILE cut to fit a job summary
#   numform-comment.sh post PR FILE [MARKER]   comment FILE on pull request PR, cut to fit; with
#                                              MARKER, edit our comment that carries it (one sticky
#                                              comment per pull request), else add a new one
#
# GitHub refuses a comment over 65,536 characters and drops a job summary over 1 MiB: a 500-number
# plan renders about 94,000. A file over the limit keeps its first lines, then says where the full
# plan is (plan.md in the run's artifact), so the merge is never left without a reviewed plan.
set -euo pipefail

# Limits in bytes, which are never fewer than characters; headroom for the note and the marker.
COMMENT_LIMIT=${NUMFORM_COMMENT_LIMIT:-60000}
SUMMARY_LIMIT=${NUMFORM_SUMMARY_LIMIT:-1000000}
# Comments made with the workflow's GITHUB_TOKEN are by this user; set it when you post with an app.
AUTHOR=${NUMFORM_COMMENT_AUTHOR:-github-actions[bot]}
RUN_URL="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"

# fit FILE LIMIT WHERE: FILE as is if it fits in LIMIT bytes; else its first whole lines, the
# markdown blocks they opened (a code fence, <details>) closed, and a note saying where the rest is.
fit() {
  local file=$1 limit=$2 where=$3
  local size lines kept head
  size=$(wc -c < "$file")
  if [ "$size" -le "$limit" ]; then
    cat "$file"
    return
  fi
  head=$(mktemp)
  # The last line may be cut mid-way (even mid-character): drop it.
  head -c "$((limit - 1000))" "$file" | sed '$d' > "$head"
  lines=$(wc -l < "$file")
  kept=$(wc -l < "$head")
  cat "$head"
  awk '/^```/ { fence = !fence } /<details/ { open++ } /<\/details>/ { open-- }
       END { if (fence) print "```"; if (open > 0) print "\n</details>" }' "$head"
  printf '\n> [!WARNING]\n> This plan is too long to show here (%s bytes): these are its first %s of %s lines.\n> %s\n' \
    "$size" "$kept" "$lines" "$where"
  rm -f "$head"
}

# post PR FILE [MARKER]
post() {
  local pr=$1 file=$2 marker=${3:-}
  local body payload id=''
  body=$(mktemp)
  payload=$(mktemp)
  {
    if [ -n "$marker" ]; then printf '%s\n' "$marker"; fi
    fit "$file" "$COMMENT_LIMIT" "The full plan is in the job summary and in plan.md of the artifact of [this run]($RUN_URL)."
  } > "$body"
  jq --null-input --rawfile body "$body" '{ body: $body }' > "$payload"
  if [ -n "$marker" ]; then
    # Only our own comment: anyone can write the marker into theirs.
    id=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" |
      jq --slurp --raw-output --arg marker "$marker" --arg author "$AUTHOR" \
        '[.[][] | select(.user.login == $author and (.body | startswith($marker)))][0].id // empty')
  fi
  if [ -n "$id" ]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input "$payload" > /dev/null
  else
    gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" --input "$payload" > /dev/null
  fi
  rm -f "$body" "$payload"
}

case "${1:-}" in
  summary) fit "$2" "$SUMMARY_LIMIT" "The full plan is plan.md in the artifact of [this run]($RUN_URL)." ;;
  post) post "$2" "$3" "${4:-}" ;;
  *)
    echo "usage: numform-comment.sh summary FILE | post PR FILE [MARKER]" >&2
    exit 64
    ;;
esac
