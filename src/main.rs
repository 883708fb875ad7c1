// mimalloc: loading a book allocates many small strings and trees on two threads; it measured
// faster than the system allocator on the benchmark corpus (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(debrief::cli::run());
}
