import Foundation

/// A private CA and a server certificate for 127.0.0.1 / localhost, made with the openssl CLI: the
/// demo directory's ldaps and the TLS tests.
package struct LocalCertificateAuthority: Sendable {
    package let caFile: String
    package let certificateFile: String
    package let keyFile: String

    /// Writes `ca.pem`, `server.pem` and `server.key` into `directory`; both certificates are
    /// valid for `days` from now.
    package static func generate(in directory: URL, days: Int = 2) async throws -> LocalCertificateAuthority {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let openssl = "/usr/bin/openssl"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await ProcessRunner.run(openssl, ["req", "-x509"] + curve + [
            "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "\(days)", "-subj", "/CN=dirbridge test CA",
        ])
        try await ProcessRunner.run(openssl, ["req"] + curve + [
            "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1",
        ])
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: URL(fileURLWithPath: path("san.ext")))
        try await ProcessRunner.run(openssl, [
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-out", path("server.pem"), "-days", "\(days)", "-extfile", path("san.ext"),
        ])
        return LocalCertificateAuthority(caFile: path("ca.pem"), certificateFile: path("server.pem"), keyFile: path("server.key"))
    }
}
