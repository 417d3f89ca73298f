import Foundation
import Hummingbird

/// Builders for the responses the simulated vendors send.
enum SimulatorResponse {
    /// Set by ``JSONKeyStyleMiddleware`` while a vendor whose answers are camelCased handles a request.
    @TaskLocal static var camelCasesKeys = false

    static func json(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = camelCasesKeys ? body.camelCasedKeys : body
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.encoded)))
    }

    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentLength] = "0"
        return Response(status: status, headers: headers)
    }

    /// ASP.NET Web API's error shape: `{"Message": ...}`, used by Sertica, Requestor and Expoints.
    static func aspNetMessage(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(status, ["Message": .string(message)])
    }

    /// ASP.NET Web API's model-validation failure: one message list per offending field.
    static func aspNetModelState(_ errors: [(field: String, message: String)]) -> Response {
        json(.badRequest, aspNetModelStateBody(errors))
    }

    /// The body of ``aspNetModelState(_:)``.
    static func aspNetModelStateBody(_ errors: [(field: String, message: String)]) -> JSONValue {
        var modelState: [String: JSONValue] = [:]
        for error in errors {
            var messages = modelState[error.field]?.arrayValue ?? []
            messages.append(.string(error.message))
            modelState[error.field] = .array(messages)
        }
        return ["Message": "The request is invalid.", "ModelState": .object(modelState)]
    }

    /// The 415 an ASP.NET server sends for a media type it has no formatter for.
    static func aspNetUnsupportedMediaType(_ mediaType: String) -> Response {
        aspNetMessage(.unsupportedMediaType, aspNetUnsupportedMediaTypeMessage(mediaType))
    }

    static func aspNetUnsupportedMediaTypeMessage(_ mediaType: String) -> String {
        "The request entity's media type '\(mediaType)' is not supported for this resource."
    }

    static func aspNetUnauthorized(scheme: String) -> Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = scheme
        return json(.unauthorized, ["Message": "Authorization has been denied for this request."], headers: headers)
    }
}
