import Foundation
import Hummingbird

/// How a vendor's server will read a request body, decided from `Content-Type` alone.
///
/// The .NET vendors (Sertica, Requestor, Expoints, Forms On Fire) fall back to XML when the
/// header is missing: a client that forgets it sends JSON into an XML parser and gets a 400.
enum BodyFormat: Equatable {
    case json
    case xml
    case unsupported(mediaType: String)

    init(contentType: String?) {
        guard let contentType, !contentType.trimmingHTTPWhitespace().isEmpty else {
            self = .xml
            return
        }
        let mediaType = contentType.split(separator: ";", maxSplits: 1)[0]
            .trimmingHTTPWhitespace().lowercased()
        switch mediaType {
        case "application/json", "text/json": self = .json
        case "application/xml", "text/xml": self = .xml
        default: self = .unsupported(mediaType: mediaType)
        }
    }
}

extension Request {
    /// The request's body, bounded so a runaway client cannot exhaust memory.
    func collectData(upTo limit: Int = 8 * 1024 * 1024) async throws -> Data {
        var request = self
        let buffer = try await request.collectBody(upTo: limit)
        return Data(buffer.readableBytesView)
    }

    var bodyFormat: BodyFormat {
        BodyFormat(contentType: headers[.contentType])
    }

    /// The first value of a query parameter, percent-decoded.
    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init)
    }

    /// All values of a repeatable query parameter.
    func queryValues(_ name: String) -> [String] {
        uri.queryParameters[values: Substring(name)].map(String.init)
    }
}
