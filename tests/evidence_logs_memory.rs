//! The log follower streams: reading a ~20 MB log must not hold it in memory. A counting
//! allocator (this test binary only) measures the peak of live heap bytes while following.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use whys::evidence::logs::{follow_request, LogSource, Selector};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn following_a_large_log_keeps_only_matching_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut out = BufWriter::new(File::create(&path).unwrap());
    let lines = 100_000u64;
    for index in 0..lines {
        // One request in a thousand is the one followed.
        let trace = if index % 1000 == 0 {
            "5b8efff798038103d269b633813fc60c".to_string()
        } else {
            format!("{index:032x}")
        };
        writeln!(
            out,
            "{{\"ts\":{},\"level\":\"info\",\"service\":\"svc-{}\",\"trace_id\":\"{trace}\",\
             \"msg\":\"handled request {index} for customer {} in {} ms\",\"path\":\"/api/v1/orders/{index}\",\
             \"padding\":\"{}\"}}",
            1_759_845_787_000u64 + index,
            index % 5,
            index * 7,
            index % 300,
            "p".repeat(60)
        )
        .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 20_000_000, "generated {size} bytes");

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let follow = follow_request(
        [LogSource::open(&path).unwrap()],
        Selector::TraceId("5B8EFFF798038103D269B633813FC60C".into()),
        None,
    )
    .unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!("peak heap while following a {size}-byte log: {peak} bytes");

    assert_eq!(follow.entries.len(), 100);
    assert_eq!(follow.stats.lines, lines);
    assert_eq!(follow.stats.bad_line_count, 0);
    // 100 entries and a 256 KiB read buffer: far below the size of the file.
    assert!(
        peak < 2_000_000,
        "peak {peak} bytes while following a {size}-byte log"
    );
}
