import Foundation
import XCTest
@testable import Tensor

/// `Parallelism.run` hands chunks to the persistent workers (CWorkers) when it can and to
/// `concurrentPerform` when it cannot; either way every chunk runs once, on its own range.
final class ParallelismTests: XCTestCase {
    /// Runs one job and returns, per item of `0..<count`, which chunk handled it (-1: none,
    /// -2: more than one).
    private func owners(chunks: Int, count: Int) -> [Int] {
        let owner = UnsafeMutablePointer<Int>.allocate(capacity: count)
        owner.initialize(repeating: -1, count: count)
        defer { owner.deallocate() }
        Parallelism.run(chunks: chunks, count: count) { t, range in
            XCTAssertEqual(range, Parallelism.chunk(t, of: chunks, count: count))
            for i in range { owner[i] = owner[i] == -1 ? t : -2 }
        }
        return Array(UnsafeBufferPointer(start: owner, count: count))
    }

    private func expected(chunks: Int, count: Int) -> [Int] {
        (0..<count).map { i in (0..<chunks).first { Parallelism.chunk($0, of: chunks, count: count).contains(i) }! }
    }

    /// Thousands of back-to-back jobs, with pauses long enough for the workers to fall asleep
    /// between some of them (a lost wake-up would hang here), at 2 chunks up to one more
    /// than the cores (which takes the `concurrentPerform` path).
    func testEveryChunkRunsOnceAcrossManyJobs() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for chunks in 2...(cores + 1) {
            let want = expected(chunks: chunks, count: 37)
            for job in 0..<3000 {
                if job % 250 == 0 { usleep(2000) }  // past the workers' 100 µs spin: they sleep
                let got = owners(chunks: chunks, count: 37)
                if got != want { XCTFail("chunks \(chunks), job \(job): \(got)"); return }
            }
        }
    }

    /// A job started inside a chunk (nested) cannot take the busy workers; it still runs
    /// every inner chunk once.
    func testNestedJobsRunEveryChunk() {
        let outer = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        outer.initialize(repeating: 0, count: 2)
        defer { outer.deallocate() }
        Parallelism.run(chunks: 2, count: 2) { t, _ in
            let inner = self.owners(chunks: 2, count: 10)
            outer[t] = inner == self.expected(chunks: 2, count: 10) ? 1 : -1
        }
        XCTAssertEqual(Array(UnsafeBufferPointer(start: outer, count: 2)), [1, 1])
    }

    /// Jobs started from several threads at once (as `Parallelism.map` over lessons does)
    /// each run every chunk once: one takes the workers, the others fall back.
    func testConcurrentJobsRunEveryChunk() {
        let want = expected(chunks: 2, count: 64)
        let ok = Parallelism.map(Array(0..<8)) { _ -> Bool in
            (0..<300).allSatisfy { _ in self.owners(chunks: 2, count: 64) == want }
        }
        XCTAssertEqual(ok, Array(repeating: true, count: 8))
    }

    /// With no more chunks than cores the second chunk runs on the pool's one worker thread
    /// (the same for every job), or on the caller when that worker had not started it by the
    /// time the caller finished chunk 0 (a busy machine).
    func testSecondChunkRunsOnOnePersistentWorkerOrTheCaller() throws {
        try XCTSkipIf(ProcessInfo.processInfo.activeProcessorCount < 2, "one core: no workers")
        try XCTSkipIf(ProcessInfo.processInfo.environment["CONVWALK_WORKERS"] == "dispatch")
        let threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: 2)
        defer { threads.deallocate() }
        var others = Set<UInt>()
        for job in 0..<200 {
            if job % 50 == 0 { usleep(2000) }
            Parallelism.run(chunks: 2, count: 2) { t, _ in
                threads[t] = pthread_self()
                let end = DispatchTime.now().uptimeNanoseconds + 50_000  // 50 µs of work
                while DispatchTime.now().uptimeNanoseconds < end {}
            }
            XCTAssertEqual(pthread_equal(threads[0], pthread_self()), 1, "chunk 0 runs on the caller")
            if pthread_equal(threads[1], pthread_self()) == 0 { others.insert(UInt(threads[1])) }
        }
        XCTAssertEqual(others.count, 1, "one worker thread ran the second chunks")
    }
}
