import Foundation

/// What a Sertica 2xx answer's body says beyond its status line. The seed documents the answer
/// as ASP.NET's `HttpResponseMessage` (`StatusCode`, `ReasonPhrase`, `IsSuccessStatusCode`…):
/// a service that returns one as content answers 200 with the real outcome serialized inside,
/// and a refusal wrapped so must not be taken for an import.
enum SerticaAnswer {
    /// The status a body carries inside it: `StatusCode` (a number, or the name .NET gives it),
    /// else 200 or 500 from `IsSuccessStatusCode`. Nil when the body is not such a message (an
    /// empty body, or any other JSON): the status line is then the answer.
    static func embeddedStatus(in body: Data) -> Int? {
        guard !body.isEmpty, let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return nil }
        func value(_ name: String) -> Any? {
            object.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        let succeeded = value("IsSuccessStatusCode").flatMap { $0 as? Bool }
        var status: Int?
        switch value("StatusCode") {
        case let number as Int: status = number
        case let text as String: status = Int(text) ?? statusNames[text.lowercased()]
        default: status = nil
        }
        if let status, succeeded != false || !(200..<300).contains(status) { return status }
        return succeeded.map { $0 ? 200 : 500 }
    }

    /// `System.Net.HttpStatusCode` names (a serializer with string enums writes these).
    private static let statusNames: [String: Int] = [
        "ok": 200, "created": 201, "accepted": 202, "nocontent": 204,
        "badrequest": 400, "unauthorized": 401, "forbidden": 403, "notfound": 404, "methodnotallowed": 405,
        "conflict": 409, "gone": 410, "preconditionfailed": 412, "requestentitytoolarge": 413, "unsupportedmediatype": 415,
        "unprocessableentity": 422, "toomanyrequests": 429,
        "internalservererror": 500, "notimplemented": 501, "badgateway": 502, "serviceunavailable": 503, "gatewaytimeout": 504,
    ]
}
