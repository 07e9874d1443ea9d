import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET with three bounds, so that no server can keep `convwalk data fetch` waiting
/// forever or fill the memory: a total deadline, a stall timeout (no byte for that long) and a
/// size cap (the body may not exceed the file's known size).
final class BoundedDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Limits: Sendable {
        /// Seconds for the whole download.
        var deadline: TimeInterval
        /// Seconds without a byte arriving.
        var stall: TimeInterval
        /// The most bytes the body may have.
        var maxBytes: Int
    }

    private let limits: Limits
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private var body = Data()
    private var response: URLResponse?
    private var failure: String?
    private var transportError: Error?
    private var lastByte = Date()

    private init(limits: Limits) { self.limits = limits }

    /// The body and response of `request`.
    /// - Throws: `DataError.download` naming the address and the bound that was hit, or the
    ///   transport's reason.
    static func get(_ request: URLRequest, address: String, limits: Limits) throws -> (Data, URLResponse?) {
        let d = BoundedDownload(limits: limits)
        let session = URLSession(configuration: .ephemeral, delegate: d, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request)
        let start = Date()
        d.lastByte = start
        task.resume()
        while d.finished.wait(timeout: .now() + 0.1) == .timedOut {
            let now = Date()
            d.lock.lock()
            if d.failure == nil {
                if now.timeIntervalSince(start) > limits.deadline {
                    d.failure = "gave up after \(Int(limits.deadline)) s (the whole download may take at most that long)"
                } else if now.timeIntervalSince(d.lastByte) > limits.stall {
                    d.failure = "no data for \(Int(limits.stall)) s (the server stalled)"
                }
            }
            let stop = d.failure != nil
            d.lock.unlock()
            if stop {
                task.cancel()
                _ = d.finished.wait(timeout: .now() + 2)
                break
            }
        }
        d.lock.lock()
        defer { d.lock.unlock() }
        if let failure = d.failure { throw DataError.download(url: address, reason: failure) }
        if let error = d.transportError as? URLError { throw DataError.download(url: address, reason: DataFetcher.explain(error)) }
        if let error = d.transportError { throw DataError.download(url: address, reason: error.localizedDescription) }
        return (d.body, d.response)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        self.response = response
        let declared = response.expectedContentLength
        if declared > Int64(limits.maxBytes) {
            failure = "the server announces \(declared) bytes, more than the file's \(limits.maxBytes)"
        }
        let refuse = failure != nil
        lock.unlock()
        completionHandler(refuse ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        lastByte = Date()
        if failure == nil {
            if body.count + data.count > limits.maxBytes {
                failure = "the server sent more than \(limits.maxBytes) bytes, the file's size"
                body = Data()
            } else {
                body.append(data)
            }
        }
        let stop = failure != nil
        lock.unlock()
        if stop { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        transportError = error
        lock.unlock()
        finished.signal()
    }
}
