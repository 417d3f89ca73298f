/// How a ``CurlHTTPClient`` connects. Immutable once the client is built.
package struct HTTPClientSettings: Sendable {
    /// Limit on establishing a connection (TCP + TLS handshake).
    package var connectTimeout: Duration
    /// Limit on a whole request once it is sent, connection included; see ``HTTPRequest/timeout``.
    package var timeout: Duration
    package var tls: TLS
    package var proxy: Proxy
    package var httpVersion: HTTPVersionPreference
    /// Open connections at most, across all hosts. Also the number of requests in flight:
    /// further requests wait in the client's queue, and their timeout starts when they are sent.
    package var maxConnections: Int
    /// Open connections at most to one host; defaults to ``maxConnections``.
    package var maxConnectionsPerHost: Int?
    /// A response body larger than this fails with ``HTTPClientError/Code-swift.struct/responseTooLarge``.
    package var maxResponseBodyBytes: Int

    package init(
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60),
        tls: TLS = TLS(),
        proxy: Proxy = .environment,
        httpVersion: HTTPVersionPreference = .http1_1,
        maxConnections: Int = 8,
        maxConnectionsPerHost: Int? = nil,
        maxResponseBodyBytes: Int = 64 << 20
    ) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.tls = tls
        self.proxy = proxy
        self.httpVersion = httpVersion
        self.maxConnections = maxConnections
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxResponseBodyBytes = maxResponseBodyBytes
    }

    /// Server verification is on unless ``insecureSkipVerify`` says otherwise, by name.
    package struct TLS: Sendable {
        /// PEM bundle of trusted CAs; nil uses the system store.
        package var caFile: String?
        /// PEM client certificate and its private key, for mutual TLS.
        package var clientCertificateFile: String?
        package var clientKeyFile: String?
        /// Turns off peer and host-name verification. For a lab only: never the default.
        package var insecureSkipVerify: Bool

        package init(
            caFile: String? = nil,
            clientCertificateFile: String? = nil,
            clientKeyFile: String? = nil,
            insecureSkipVerify: Bool = false
        ) {
            self.caFile = caFile
            self.clientCertificateFile = clientCertificateFile
            self.clientKeyFile = clientKeyFile
            self.insecureSkipVerify = insecureSkipVerify
        }
    }

    package enum Proxy: Sendable {
        /// `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the environment, as curl reads them.
        case environment
        /// Always connect directly, whatever the environment says.
        case none
        /// This proxy URL (may carry credentials: it is never logged), bypassed for the
        /// comma-separated hosts in `noProxy`.
        case url(String, noProxy: String? = nil)
    }

    package enum HTTPVersionPreference: Sendable {
        case http1_1
        /// HTTP/2 when the server offers it through TLS ALPN; HTTP/1.1 for plain http URLs.
        case http2
    }
}
