#!/usr/bin/env bash
# Throughput of the wording check beside grep (the floor) and the prose linters
# write-good, alex (npm) and proselint (PyPI), on the same Markdown corpus.
#
#   bench/wording.sh            # everything; peers are installed into bench/out when missing
#   SKIP_PEERS=1 bench/wording.sh
#
# The corpus is a fixed, sorted selection of the Markdown files of the crates in
# ~/.cargo/registry/src, copied to bench/out/corpus at run time (never committed).
# A peer that is missing and cannot be installed, or that fails, is reported and skipped.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/out"
corpus="$out/corpus"
max_files="${MAX_FILES:-541}"
max_bytes="${MAX_BYTES:-5500000}"
mkdir -p "$out"

say() { printf '%s\n' "$*" >&2; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.2f", bytes / 1e6 / s; else print "inf" }'; }

# --- corpus -----------------------------------------------------------------
rm -rf "$corpus" && mkdir -p "$corpus"
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
total=0 count=0
while IFS= read -r file; do
    size=$(stat -c %s "$file")
    [ "$size" -gt 0 ] || continue
    if [ $((total + size)) -gt "$max_bytes" ] || [ "$count" -ge "$max_files" ]; then break; fi
    rel="${file#"$registry"/}"
    name="$(printf '%s' "${rel#*/}" | tr '/' '_')"
    cp "$file" "$corpus/$(printf '%04d' "$count")_$name"
    total=$((total + size)); count=$((count + 1))
done < <(
    # Only the crates this project locks, so the selection does not move when
    # other projects fetch crates into the same registry.
    awk '/^name = / { gsub(/"/, "", $3); n = $3 } /^version = / { gsub(/"/, "", $3); print n "-" $3 }' \
        "$root/Cargo.lock" | LC_ALL=C sort -u | while IFS= read -r crate; do
        for dir in "$registry"/*/"$crate"; do
            [ -d "$dir" ] && find "$dir" -type f \( -name '*.md' -o -name '*.markdown' \) 2>/dev/null
        done
    done | LC_ALL=C sort
)
if [ "$count" -eq 0 ]; then
    say "no Markdown files under $registry: build the project once (cargo fetch) and retry"
    exit 1
fi
say "corpus: $count files, $total bytes in $corpus"

# --- whys ---------------------------------------------------------------------
say "building the bench binary (release)…"
if ! (cd "$root" && CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" cargo build --quiet --release --example bench_wording); then
    say "the bench binary did not build"; exit 1
fi
bench="$root/target/release/examples/bench_wording"
"$bench" phrases > "$out/phrases.txt"
say "phrase list: $(wc -l < "$out/phrases.txt") phrases in $out/phrases.txt"

declare -a names=() secs=()
record() { names+=("$1"); secs+=("$2"); }

start=$(now)
"$bench" scan "$corpus" 1 > "$out/whys-once.txt"
record "whys check (one process: rules build + read + scan)" "$(seconds_since "$start")"
"$bench" scan "$corpus" 5 > "$out/whys.txt"
blame_s=$(awk '/^blame_seconds/ {print $2}' "$out/whys.txt")
all_s=$(awk '/^all_seconds/ {print $2}' "$out/whys.txt")
record "whys wording scan (in process, best of 5)" "$blame_s"
record "whys wording + personal data (in process, best of 5)" "$all_s"
say "whys: $(tr '\n' ' ' < "$out/whys.txt")"

# --- grep, the floor ----------------------------------------------------------
start=$(now)
grep -E -i -f "$out/phrases.txt" -r "$corpus" > "$out/grep.txt"
record "grep -E -i -f phrases (floor)" "$(seconds_since "$start")"
say "grep: $(wc -l < "$out/grep.txt") matching lines"

# --- peers --------------------------------------------------------------------
if [ -z "${SKIP_PEERS:-}" ]; then
    npm_dir="$out/npm"
    for tool in write-good alex; do
        if [ ! -x "$npm_dir/node_modules/.bin/$tool" ]; then
            if command -v npm > /dev/null; then
                say "installing $tool with npm into $npm_dir…"
                mkdir -p "$npm_dir"
                (cd "$npm_dir" && npm install --no-audit --no-fund --silent --prefix . "$tool" > "$out/npm-$tool.log" 2>&1) ||
                    say "$tool could not be installed (see $out/npm-$tool.log)"
            else
                say "npm is missing: $tool skipped"
            fi
        fi
    done
    venv="$out/venv"
    if [ ! -x "$venv/bin/proselint" ]; then
        say "installing proselint with pip into $venv…"
        { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet proselint; } > "$out/pip.log" 2>&1 ||
            say "proselint could not be installed (see $out/pip.log)"
    fi

    files=("$corpus"/*)
    run_peer() {
        local label="$1"; shift
        local start status
        start=$(now)
        "$@" > "$out/$label.txt" 2> "$out/$label.err"
        status=$?
        local took; took=$(seconds_since "$start")
        # Linters exit non-zero when they find something; a crash prints no findings.
        if [ "$status" -gt 1 ] && [ ! -s "$out/$label.txt" ]; then
            say "$label failed (exit $status; see $out/$label.err): skipped"
        else
            record "$label" "$took"
            say "$label: ${took}s, $(cat "$out/$label.txt" "$out/$label.err" | wc -l) lines of findings"
        fi
    }
    [ -x "$npm_dir/node_modules/.bin/write-good" ] && run_peer write-good "$npm_dir/node_modules/.bin/write-good" "${files[@]}"
    [ -x "$npm_dir/node_modules/.bin/alex" ] && run_peer alex "$npm_dir/node_modules/.bin/alex" "${files[@]}"
    [ -x "$venv/bin/proselint" ] && run_peer proselint "$venv/bin/proselint" check "${files[@]}"
fi

# --- report -------------------------------------------------------------------
grep_s=""
fastest_peer=""
for i in "${!names[@]}"; do
    case "${names[$i]}" in
        grep*) grep_s="${secs[$i]}" ;;
        write-good|alex|proselint)
            if [ -z "$fastest_peer" ] || awk -v a="${secs[$i]}" -v b="$fastest_peer" 'BEGIN { exit !(a < b) }'; then
                fastest_peer="${secs[$i]}"
            fi ;;
    esac
done
whys_s="${secs[0]}"
printf '\n%-56s %10s %10s\n' "tool" "seconds" "MB/s"
for i in "${!names[@]}"; do
    printf '%-56s %10s %10s\n' "${names[$i]}" "${secs[$i]}" "$(mbps "$total" "${secs[$i]}")"
done
printf '\ncorpus: %s files, %s bytes\n' "$count" "$total"
if [ -n "$grep_s" ]; then
    printf 'whys (one process) / grep time: %s (target: at most 2)\n' \
        "$(awk -v a="$whys_s" -v b="$grep_s" 'BEGIN { printf "%.2f", a / b }')"
fi
if [ -n "$fastest_peer" ]; then
    printf 'fastest peer / whys (one process) time: %sx (target: at least 100x)\n' \
        "$(awk -v a="$fastest_peer" -v b="$whys_s" 'BEGIN { printf "%.0f", a / b }')"
    printf 'fastest peer / whys (in process, wording + personal data): %sx\n' \
        "$(awk -v a="$fastest_peer" -v b="$all_s" 'BEGIN { printf "%.0f", a / b }')"
else
    printf 'no peer ran: ratio to peers not measured\n'
fi
