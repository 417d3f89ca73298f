import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalServers

/// What an administrator does in a vendor's own UI, behind dirbridge's back: the vendor's API,
/// called with credentials of his own. Each call returns the HTTP status and body.
enum VendorAdmin {
    struct Answer {
        var status: Int
        var body: String
    }

    private static func secret(_ environment: DemoEnvironment, _ name: String) throws -> String {
        try String(contentsOf: environment.directory.appendingPathComponent("secrets/\(name)"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func send(_ request: URLRequest) async throws -> Answer {
        let (body, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: body, as: UTF8.self))
    }

    /// A request to Aria's `suite-api/api/auth` (`path` below it) on a token of its own.
    static func aria(_ environment: DemoEnvironment, _ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Answer {
        let base = environment.simulator.baseURL("aria") + "/suite-api/api/auth"
        var acquire = URLRequest(url: URL(string: base + "/token/acquire")!)
        acquire.httpMethod = "POST"
        acquire.setValue("application/json", forHTTPHeaderField: "Content-Type")
        acquire.httpBody = try JSONSerialization.data(withJSONObject: ["username": "admin", "password": try secret(environment, "aria-password")])
        let acquired = try await send(acquire)
        guard let token = (try JSONSerialization.jsonObject(with: Data(acquired.body.utf8)) as? [String: Any])?["token"] as? String else {
            return acquired
        }
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.setValue("OpsToken \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        return try await send(request)
    }

    /// A Sertica import of `user` (an upsert by `UserNo`).
    static func serticaImport(_ environment: DemoEnvironment, _ user: [String: Any]) async throws -> Answer {
        var request = URLRequest(url: URL(string: environment.simulator.baseURL("sertica") + "/api/users/ImportUser")!)
        request.httpMethod = "POST"
        let pair = Data("sertica-sync:\(try secret(environment, "sertica-password"))".utf8).base64EncodedString()
        request.setValue("Basic \(pair)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: user)
        return try await send(request)
    }
}
