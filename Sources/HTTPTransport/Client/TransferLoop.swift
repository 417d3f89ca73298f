import Foundation
import Logging
import Synchronization

/// The one thread that drives libcurl's multi interface for a client. Async callers hand it
/// transfers through a locked inbox and a curl wakeup; it resumes their continuations when
/// the transfers finish. At most `maxInFlight` transfers are inside curl at once, each on a
/// pooled easy handle, so connections are reused from the multi's cache.
final class TransferLoop: @unchecked Sendable {
    // @unchecked: `inbox` is behind a Mutex, `lastID` atomic; every other stored property is only
    // touched on `thread`.

    private struct Inbox {
        var submitted: [Transfer] = []
        var cancelled: [UInt64] = []
        var shuttingDown = false
        /// The loop thread is in (or about to enter) curl's poll with nothing left in the inbox:
        /// the next arrival must wake it. While it works, arrivals wait for its next look at the
        /// inbox, without a wakeup each (a `send` on curl's socket pair and a read to drain it).
        var polling = false
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let inbox = Mutex(Inbox())
    private let lastID = Atomic<UInt64>(0)
    private let settings: HTTPClientSettings
    private let logger: Logger
    private let multi: CurlMulti
    private let maxInFlight: Int

    // Loop-thread state.
    private var waiting: [Transfer] = []
    private var waitingStart = 0
    private var inFlight: [UInt64: CurlEasy] = [:]
    private var idleHandles: [CurlEasy] = []

    init(settings: HTTPClientSettings, logger: Logger) throws(CurlError) {
        self.settings = settings
        self.logger = logger
        maxInFlight = max(1, settings.maxConnections)
        multi = try CurlMulti(maxConnections: maxInFlight,
                              maxConnectionsPerHost: max(1, settings.maxConnectionsPerHost ?? maxInFlight))
        let thread = Thread { [self] in run() }
        thread.name = "dirbridge-http"
        thread.start()
    }

    /// A ticket with a fresh id, so a cancellation that races ahead of ``submit(_:)`` is kept.
    func register() -> TransferTicket {
        TransferTicket(id: lastID.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    func submit(_ transfer: Transfer) {
        let rejection: HTTPClientError.Code? = inbox.withLock { inbox in
            // Queued and appended under one lock: a cancellation that finds the ticket queued
            // takes the lock after the transfer is in the inbox, and the loop finds it there.
            if transfer.ticket.current == .cancelled { return .cancelled }
            if inbox.shuttingDown { return .clientShutDown }
            guard transfer.ticket.move(from: .created, to: .queued) else { return .cancelled }
            inbox.submitted.append(transfer)
            wakeIfPolling(&inbox)
            return nil
        }
        if let rejection {
            transfer.continuation.resume(returning: .failure(HTTPClientError(
                code: rejection, request: transfer.request.description,
                message: rejection == .cancelled ? "cancelled before it was sent" : "the HTTP client was shut down")))
        }
    }

    func cancel(_ ticket: TransferTicket) {
        if ticket.move(from: .created, to: .cancelled) { return }  // submit refuses it
        guard ticket.current == .queued else { return }  // already finished, or already cancelled
        inbox.withLock { inbox in
            inbox.cancelled.append(ticket.id)
            wakeIfPolling(&inbox)
        }
    }

    private func wakeIfPolling(_ inbox: inout Inbox) {
        guard inbox.polling else { return }
        inbox.polling = false
        multi.wakeup()
    }

    /// Stops taking requests, lets those already submitted finish, then ends the thread.
    func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let alreadyStopped = inbox.withLock { inbox in
                if inbox.stopped { return true }
                inbox.stopWaiters.append(waiter)
                inbox.shuttingDown = true
                multi.wakeup()
                return false
            }
            if alreadyStopped { waiter.resume() }
        }
    }

    /// Asks the thread to stop without waiting for it (used from `deinit` of the owning client).
    func beginShutdown() {
        inbox.withLock { inbox in
            inbox.shuttingDown = true
            if !inbox.stopped { multi.wakeup() }
        }
    }

    // MARK: - Loop thread

    private func run() {
        while true {
            let (submitted, cancelled, shuttingDown) = inbox.withLock { inbox in
                defer {
                    inbox.submitted = []
                    inbox.cancelled = []
                    inbox.polling = false
                }
                return (inbox.submitted, inbox.cancelled, inbox.shuttingDown)
            }
            waiting.append(contentsOf: submitted)
            for id in cancelled { cancelTransfer(id) }
            startWaitingTransfers()

            do throws(CurlError) {
                try multi.perform()
                while let (easy, code) = multi.nextFinished() { finish(easy, code: code) }
                startWaitingTransfers()
                if shuttingDown && inFlight.isEmpty && waitingStart == waiting.count { break }
                // curl keeps a wakeup sent before its poll starts: one that lands between this
                // check and the poll still ends it.
                let idle = inbox.withLock { inbox in
                    guard inbox.submitted.isEmpty, inbox.cancelled.isEmpty else { return false }
                    inbox.polling = true
                    return true
                }
                if idle { try multi.poll(timeoutMilliseconds: 1000) }
            } catch {
                failEverything(with: error)
            }
        }
        let waiters = inbox.withLock { inbox in
            inbox.stopped = true
            return inbox.stopWaiters
        }
        idleHandles.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func startWaitingTransfers() {
        while inFlight.count < maxInFlight, waitingStart < waiting.count {
            let transfer = waiting[waitingStart]
            waitingStart += 1
            start(transfer)
        }
        if waitingStart == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingStart = 0
        }
    }

    private func start(_ transfer: Transfer) {
        do throws(CurlError) {
            let easy = if let idle = idleHandles.popLast() { idle } else { try CurlEasy() }
            do throws(CurlError) {
                try easy.prepare(transfer, settings: settings)
                try multi.add(easy)
            } catch {
                recycle(easy)
                throw error
            }
            inFlight[transfer.id] = easy
        } catch {
            complete(transfer, with: .failure(clientError(error, transfer)))
        }
    }

    private func finish(_ easy: CurlEasy, code: Int32) {
        guard let transfer = easy.transfer else { return }
        inFlight[transfer.id] = nil
        let outcome = easy.outcome(of: code)
        try? multi.remove(easy)
        recycle(easy)
        switch outcome {
        case .success(let (status, seconds)):
            logger.trace("HTTP request finished", metadata: [
                "request": "\(transfer.request)", "status": "\(status)",
                "seconds": "\(String(format: "%.3f", seconds))",
            ])
            complete(transfer, with: .success(transfer.response(status: status)))
        case .failure(let error):
            if transfer.bodyTooLarge {
                complete(transfer, with: .failure(HTTPClientError(
                    code: .responseTooLarge, request: transfer.request.description,
                    message: "response body exceeds \(settings.maxResponseBodyBytes) bytes", curlCode: error.code)))
            } else if transfer.refusedResend {
                complete(transfer, with: .failure(HTTPClientError(
                    code: .transport, request: transfer.request.description,
                    message: "the connection closed before an answer; not sent again, the request is not idempotent",
                    curlCode: error.code)))
            } else {
                complete(transfer, with: .failure(clientError(error, transfer)))
            }
        }
    }

    private func cancelTransfer(_ id: UInt64) {
        if let easy = inFlight.removeValue(forKey: id), let transfer = easy.transfer {
            try? multi.remove(easy)
            recycle(easy)
            complete(transfer, with: .failure(cancelledError(transfer)))
        } else if let index = waiting[waitingStart...].firstIndex(where: { $0.id == id }) {
            let transfer = waiting.remove(at: index)
            complete(transfer, with: .failure(cancelledError(transfer)))
        }
    }

    /// A multi-handle failure leaves no transfer trustworthy: fail them all and keep serving.
    private func failEverything(with error: CurlError) {
        logger.error("curl multi interface failed", metadata: [
            "operation": "\(error.operation)", "curlCode": "\(error.code)", "message": "\(error.message)",
        ])
        for (_, easy) in inFlight {
            guard let transfer = easy.transfer else { continue }
            try? multi.remove(easy)
            recycle(easy)
            complete(transfer, with: .failure(clientError(error, transfer)))
        }
        inFlight.removeAll()
    }

    private func recycle(_ easy: CurlEasy) {
        easy.reset()
        if idleHandles.count < maxInFlight { idleHandles.append(easy) }
    }

    private func complete(_ transfer: Transfer, with result: Result<HTTPResponse, HTTPClientError>) {
        transfer.ticket.finish()
        transfer.continuation.resume(returning: result)
    }

    private func cancelledError(_ transfer: Transfer) -> HTTPClientError {
        HTTPClientError(code: .cancelled, request: transfer.request.description, message: "the calling task was cancelled")
    }

    private func clientError(_ error: CurlError, _ transfer: Transfer) -> HTTPClientError {
        HTTPClientError(code: error.clientCode, request: transfer.request.description,
                        message: "\(error.operation): \(error.message)", curlCode: error.code)
    }
}
