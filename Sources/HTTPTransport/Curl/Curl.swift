// The only file that imports CCurl. Every libcurl call goes through here and every failing
// CURLcode / CURLMcode becomes a `CurlError` carrying the code, the operation and curl's text.
internal import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libcurl failure: which call failed, its code and curl's own explanation.
struct CurlError: Error, Sendable {
    enum Interface: Sendable { case easy, multi, global }

    var interface: Interface
    var code: Int32
    var operation: String
    var message: String

    /// What the failure means to a caller, from the CURLcode.
    var clientCode: HTTPClientError.Code {
        guard interface == .easy else { return .transport }
        switch code {
        case CCURLE_UNSUPPORTED_PROTOCOL, CCURLE_URL_MALFORMAT:
            return .invalidRequest
        case CCURLE_COULDNT_RESOLVE_HOST, CCURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolve
        case CCURLE_COULDNT_CONNECT:
            return .couldNotConnect
        case CCURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CCURLE_SSL_CONNECT_ERROR, CCURLE_SSL_ENGINE_NOTFOUND, CCURLE_SSL_ENGINE_SETFAILED,
            CCURLE_SSL_CERTPROBLEM, CCURLE_SSL_CIPHER, CCURLE_PEER_FAILED_VERIFICATION,
            CCURLE_SSL_ENGINE_INITFAILED, CCURLE_SSL_CACERT_BADFILE, CCURLE_SSL_CRL_BADFILE,
            CCURLE_SSL_ISSUER_ERROR, CCURLE_SSL_PINNEDPUBKEYNOTMATCH, CCURLE_SSL_INVALIDCERTSTATUS,
            CCURLE_SSL_CLIENTCERT:
            return .tls
        default:
            return .transport
        }
    }

    /// An easy-interface result; `detail` is the handle's error buffer, preferred when filled.
    static func easy(_ code: Int32, _ operation: String, detail: String = "") -> CurlError {
        let generic = String(cString: ccurl_easy_strerror(code))
        return CurlError(interface: .easy, code: code, operation: operation, message: detail.isEmpty ? generic : detail)
    }

    static func multi(_ code: Int32, _ operation: String) -> CurlError {
        CurlError(interface: .multi, code: code, operation: operation, message: String(cString: ccurl_multi_strerror(code)))
    }
}

private func check(_ code: ccurl_code, _ operation: @autoclosure () -> String) throws(CurlError) {
    guard code == CCURLE_OK else { throw .easy(code, operation()) }
}

private func check(multi code: ccurl_mcode, _ operation: @autoclosure () -> String) throws(CurlError) {
    guard code == CCURLM_OK else { throw .multi(code, operation()) }
}

enum CurlGlobal {
    /// curl_global_init is not thread-safe and must run once per process, before any handle.
    private static let initResult: CurlError? = {
        let code = ccurl_global_init(CCURL_GLOBAL_DEFAULT)
        return code == CCURLE_OK ? nil : CurlError(interface: .global, code: code, operation: "curl_global_init",
                                                    message: String(cString: ccurl_easy_strerror(code)))
    }()

    static func initialize() throws(CurlError) {
        if let initResult { throw initResult }
    }
}

/// A curl easy handle: one transfer at a time, reset and reused for the next so the multi
/// handle's connection cache keeps serving it. Confined to the transfer loop's thread.
final class CurlEasy {
    private let handle: OpaquePointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: OpaquePointer?
    /// The transfer this handle is running, kept alive here while curl holds its raw pointer.
    private(set) var transfer: Transfer?

    init() throws(CurlError) {
        guard let handle = ccurl_easy_init() else {
            throw CurlError(interface: .easy, code: -1, operation: "curl_easy_init", message: "out of memory")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: CCURL_ERROR_SIZE)
        errorBuffer.initialize(repeating: 0, count: CCURL_ERROR_SIZE)
    }

    deinit {
        ccurl_easy_cleanup(handle)
        if let headerList { ccurl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Configures every option the transfer needs, from a freshly reset handle.
    func prepare(_ transfer: Transfer, settings: HTTPClientSettings) throws(CurlError) {
        let request = transfer.request
        errorBuffer[0] = 0
        try set(CCURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CCURLOPT_PRIVATE, pointer: Unmanaged.passUnretained(self).toOpaque())
        // Signals are process-wide; a multi-threaded process must not let curl raise SIGALRM.
        try set(CCURLOPT_NOSIGNAL, 1)
        try set(CCURLOPT_URL, string: request.url)

        switch transfer.bodyMode {
        case .none where request.method == .get:
            try set(CCURLOPT_HTTPGET, 1)
        case .none where request.method == .head:
            try set(CCURLOPT_NOBODY, 1)
        case .none:
            try set(CCURLOPT_CUSTOMREQUEST, string: request.method.rawValue)
        case .upload:
            try set(CCURLOPT_POST, 1)
            // The whole body in curl's own copy (the size first, or curl takes strlen of it): curl
            // then writes a small request in one send with its headers, not in two packets.
            try set(CCURLOPT_POSTFIELDSIZE_LARGE, int64: Int64(request.body.count))
            let copied: Result<Void, CurlError> = request.body.withUnsafeBytes { body in
                Result { () throws(CurlError) in try set(CCURLOPT_COPYPOSTFIELDS, pointer: body.baseAddress ?? Self.emptyBody) }
            }
            try copied.get()
            if request.method != .post {
                try set(CCURLOPT_CUSTOMREQUEST, string: request.method.rawValue)
            }
        }
        // curl resends a request on a new connection when the reused one died before any answer;
        // Transfer.beginsAttempt refuses that for a non-idempotent request.
        try check(ccurl_easy_setopt_prereq_callback(handle, beginAttempt), "setopt(PREREQFUNCTION)")
        try set(CCURLOPT_PREREQDATA, pointer: transfer.opaque)

        try setHeaderList(transfer.headerLines)
        try set(CCURLOPT_WRITEFUNCTION, callback: receiveBody)
        try set(CCURLOPT_WRITEDATA, pointer: transfer.opaque)
        try set(CCURLOPT_HEADERFUNCTION, callback: receiveHeader)
        try set(CCURLOPT_HEADERDATA, pointer: transfer.opaque)

        try set(CCURLOPT_TIMEOUT_MS, (request.timeout ?? settings.timeout).milliseconds)
        try applyConnectionSettings(settings)
        self.transfer = transfer
    }

    /// Timeouts, TLS verification, client certificate, proxy and HTTP version: what decides how a
    /// connection is made, shared by transfers and ``handshake(url:settings:)``.
    private func applyConnectionSettings(_ settings: HTTPClientSettings) throws(CurlError) {
        try set(CCURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeout.milliseconds)

        let verify = !settings.tls.insecureSkipVerify
        try set(CCURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        try set(CCURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
        if let caFile = settings.tls.caFile { try set(CCURLOPT_CAINFO, string: caFile) }
        if let certificate = settings.tls.clientCertificateFile { try set(CCURLOPT_SSLCERT, string: certificate) }
        if let key = settings.tls.clientKeyFile { try set(CCURLOPT_SSLKEY, string: key) }

        switch settings.proxy {
        case .environment:
            break  // left unset, curl reads http_proxy / https_proxy / no_proxy itself
        case .none:
            try set(CCURLOPT_PROXY, string: "")
        case .url(let proxy, let noProxy):
            try set(CCURLOPT_PROXY, string: proxy)
            if let noProxy { try set(CCURLOPT_NOPROXY, string: noProxy) }
        }

        switch settings.httpVersion {
        case .http1_1: try set(CCURLOPT_HTTP_VERSION, CCURL_HTTP_VERSION_1_1)
        case .http2: try set(CCURLOPT_HTTP_VERSION, CCURL_HTTP_VERSION_2TLS)
        }
    }

    /// Connects to `url` and completes the TLS handshake without sending a request, made exactly
    /// as a transfer's connection would be. Blocks the calling thread. Returns curl's own notes
    /// (the negotiated protocol is only reported there) and the peer's certificate fields.
    func handshake(url: String, settings: HTTPClientSettings) throws(CurlError) -> (notes: [String], certificate: [String]) {
        let notes = DebugNotes()
        errorBuffer[0] = 0
        try set(CCURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CCURLOPT_NOSIGNAL, 1)
        try set(CCURLOPT_URL, string: url)
        try set(CCURLOPT_CONNECT_ONLY, 1)
        try set(CCURLOPT_CERTINFO, 1)
        try set(CCURLOPT_TIMEOUT_MS, settings.connectTimeout.milliseconds)
        try applyConnectionSettings(settings)
        try check(ccurl_easy_setopt_debug_callback(handle, collectDebugNote), "setopt(DEBUGFUNCTION)")
        try set(CCURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(notes).toOpaque())
        try set(CCURLOPT_VERBOSE, 1)
        let code = withExtendedLifetime(notes) { ccurl_easy_perform(handle) }
        guard code == CCURLE_OK else { throw .easy(code, "TLS handshake with \(url)", detail: String(cString: errorBuffer)) }
        var fields: [String] = []
        if ccurl_certinfo_count(handle) > 0 {
            while let field = ccurl_certinfo_field(handle, 0, Int32(fields.count)) { fields.append(String(cString: field)) }
        }
        return (notes.lines, fields)
    }

    /// Forgets the finished transfer and every option; open connections stay in the multi's cache.
    func reset() {
        ccurl_easy_reset(handle)
        transfer = nil
        if let headerList {
            ccurl_slist_free_all(headerList)
            self.headerList = nil
        }
    }

    /// The result of the finished transfer, with curl's error buffer text when it failed.
    func outcome(of code: ccurl_code) -> Result<(status: Int, seconds: Double), CurlError> {
        guard code == CCURLE_OK else {
            return .failure(.easy(code, "transfer", detail: String(cString: errorBuffer)))
        }
        var status = 0
        var seconds = 0.0
        let statusCode = ccurl_easy_getinfo_long(handle, CCURLINFO_RESPONSE_CODE, &status)
        guard statusCode == CCURLE_OK else { return .failure(.easy(statusCode, "getinfo(RESPONSE_CODE)")) }
        _ = ccurl_easy_getinfo_double(handle, CCURLINFO_TOTAL_TIME, &seconds)  // for logs only
        return .success((status, seconds))
    }

    /// An empty body must still be a pointer: with none, curl would read the body from stdin.
    private static var emptyBody: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }

    fileprivate var rawHandle: OpaquePointer { handle }

    fileprivate static func owning(_ raw: OpaquePointer) -> CurlEasy? {
        var pointer: UnsafeMutableRawPointer?
        guard ccurl_easy_getinfo_ptr(raw, CCURLINFO_PRIVATE, &pointer) == CCURLE_OK, let pointer else { return nil }
        return Unmanaged<CurlEasy>.fromOpaque(pointer).takeUnretainedValue()
    }

    private func setHeaderList(_ lines: [String]) throws(CurlError) {
        var list: OpaquePointer?
        for line in lines {
            // withCString: passing the String itself copies it into a new array first.
            guard let appended = line.withCString({ ccurl_slist_append(list, $0) }) else {
                if let list { ccurl_slist_free_all(list) }
                throw CurlError(interface: .easy, code: -1, operation: "curl_slist_append", message: "out of memory")
            }
            list = appended
        }
        headerList = list
        if let list { try check(ccurl_easy_setopt_slist(handle, CCURLOPT_HTTPHEADER, list), "setopt(HTTPHEADER)") }
    }

    private func set(_ option: ccurl_option, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_long(handle, option, value), "setopt(\(option))")
    }

    private func set(_ option: ccurl_option, int64 value: Int64) throws(CurlError) {
        try check(ccurl_easy_setopt_int64(handle, option, value), "setopt(\(option))")
    }

    private func set(_ option: ccurl_option, pointer: UnsafeRawPointer?) throws(CurlError) {
        try check(ccurl_easy_setopt_ptr(handle, option, pointer), "setopt(\(option))")
    }

    /// curl copies string options, so the C string only has to outlive the call.
    private func set(_ option: ccurl_option, string: String) throws(CurlError) {
        let code = string.withCString { ccurl_easy_setopt_ptr(handle, option, $0) }
        try check(code, "setopt(\(option))")
    }

    private func set(_ option: ccurl_option, callback: ccurl_data_callback) throws(CurlError) {
        try check(ccurl_easy_setopt_callback(handle, option, callback), "setopt(\(option))")
    }
}

/// curl's informational text of one handshake, collected by ``collectDebugNote``.
private final class DebugNotes {
    var lines: [String] = []
}

private let collectDebugNote: ccurl_debug_callback = { _, type, data, size, context in
    guard type == CCURLINFO_TEXT, let data, let context else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    Unmanaged<DebugNotes>.fromOpaque(context).takeUnretainedValue().lines.append(text)
    return 0
}

/// A curl multi handle: drives every transfer and owns the connection cache.
/// All calls except ``wakeup()`` belong to the transfer loop's thread.
final class CurlMulti {
    private let handle: OpaquePointer

    init(maxConnections: Int, maxConnectionsPerHost: Int) throws(CurlError) {
        try CurlGlobal.initialize()
        guard let handle = ccurl_multi_init() else {
            throw CurlError(interface: .multi, code: -1, operation: "curl_multi_init", message: "out of memory")
        }
        self.handle = handle
        do {
            try check(multi: ccurl_multi_setopt_long(handle, CCURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections),
                      "multi_setopt(MAX_TOTAL_CONNECTIONS)")
            try check(multi: ccurl_multi_setopt_long(handle, CCURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost),
                      "multi_setopt(MAX_HOST_CONNECTIONS)")
            try check(multi: ccurl_multi_setopt_long(handle, CCURLMOPT_MAXCONNECTS, maxConnections),
                      "multi_setopt(MAXCONNECTS)")
        } catch {
            _ = ccurl_multi_cleanup(handle)
            throw error
        }
    }

    deinit {
        _ = ccurl_multi_cleanup(handle)
    }

    func add(_ easy: CurlEasy) throws(CurlError) {
        try check(multi: ccurl_multi_add_handle(handle, easy.rawHandle), "multi_add_handle")
    }

    func remove(_ easy: CurlEasy) throws(CurlError) {
        try check(multi: ccurl_multi_remove_handle(handle, easy.rawHandle), "multi_remove_handle")
    }

    /// Moves every transfer as far as it can go without blocking; returns how many still run.
    @discardableResult
    func perform() throws(CurlError) -> Int {
        var running: Int32 = 0
        try check(multi: ccurl_multi_perform(handle, &running), "multi_perform")
        return Int(running)
    }

    /// Blocks until socket activity, curl's next timer, ``wakeup()`` or `timeoutMilliseconds`.
    func poll(timeoutMilliseconds: Int32) throws(CurlError) {
        try check(multi: ccurl_multi_poll(handle, timeoutMilliseconds, nil), "multi_poll")
    }

    /// Interrupts ``poll(timeoutMilliseconds:)``; the one call safe from any thread.
    func wakeup() {
        _ = ccurl_multi_wakeup(handle)
    }

    /// The next finished transfer's handle and its CURLcode.
    func nextFinished() -> (easy: CurlEasy, code: Int32)? {
        var raw: OpaquePointer?
        var code: ccurl_code = CCURLE_OK
        while ccurl_multi_info_read_done(handle, &raw, &code) == 1 {
            if let raw, let easy = CurlEasy.owning(raw) { return (easy, code) }
        }
        return nil
    }
}

// Callbacks: curl passes back the Transfer pointer given as WRITEDATA / HEADERDATA / READDATA / SEEKDATA.

private let receiveBody: ccurl_data_callback = { buffer, size, count, context in
    let length = size * count
    guard let buffer, let context else { return 0 }
    let accepted = Transfer.from(context).appendBody(UnsafeRawBufferPointer(start: buffer, count: length))
    return accepted ? length : 0  // anything short of `length` makes curl abort with CURLE_WRITE_ERROR
}

private let receiveHeader: ccurl_data_callback = { buffer, size, count, context in
    let length = size * count
    guard let buffer, let context else { return 0 }
    Transfer.from(context).appendHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length))
    return length
}

private let beginAttempt: ccurl_prereq_callback = { context, _, _, _, _ in
    guard let context, Transfer.from(context).beginsAttempt() else { return CCURL_PREREQFUNC_ABORT }
    return CCURL_PREREQFUNC_OK
}

extension Duration {
    /// Whole milliseconds, rounded up so a tiny positive limit never becomes curl's "no limit" 0.
    fileprivate var milliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, millis))
    }
}
