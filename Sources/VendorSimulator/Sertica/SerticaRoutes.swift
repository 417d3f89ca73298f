import DirBridgeCore
import Foundation
import Hummingbird

/// `POST {base}/api/users/ImportUser`: one user per request, Basic auth, JSON or XML.
/// Answered by its status line, or (switch `serticaAnswer`) with 200 and the outcome in a
/// serialized `HttpResponseMessage`, the answer type the seed documents.
struct SerticaRoutes {
    let credentials: SimulatorCredentials.UserPassword
    let store: SerticaStore
    let counters: SimulatorCounters
    let behaviour: LiveBehaviour

    func register(on group: RouterGroup<SimulatorRequestContext>) {
        group.post("api/users/ImportUser") { request, _ in
            try await importUser(request)
        }
    }

    func importUser(_ request: Request) async throws -> Response {
        guard let basic = request.authorization?.basic,
            constantTimeEquals(basic.username, credentials.username),
            constantTimeEquals(basic.password, credentials.password)
        else {
            return SimulatorResponse.aspNetUnauthorized(scheme: "Basic realm=\"Sertica\"")
        }
        let (status, content) = try await outcome(of: request)
        switch behaviour.current.serticaAnswer {
        case .status:
            return content.map { SimulatorResponse.json(status, $0) } ?? SimulatorResponse.empty(status)
        case .responseMessage:
            return SimulatorResponse.json(.ok, [
                "Version": "1.1", "Content": content ?? .null, "StatusCode": .number(Double(status.code)),
                "ReasonPhrase": .string(status.reasonPhrase), "Headers": [], "RequestMessage": .null,
                "IsSuccessStatusCode": .bool((200..<300).contains(status.code)),
            ])
        }
    }

    /// The import's status and JSON content (nil: none).
    private func outcome(of request: Request) async throws -> (HTTPResponse.Status, JSONValue?) {
        func invalid(_ errors: [(field: String, message: String)]) -> (HTTPResponse.Status, JSONValue?) {
            (.badRequest, SimulatorResponse.aspNetModelStateBody(errors))
        }
        let body = try await request.collectData()
        let validation: Result<[String: JSONValue], SerticaUserSchema.ViolationList>
        switch request.bodyFormat {
        case .unsupported(let mediaType):
            return (.unsupportedMediaType, ["Message": .string(SimulatorResponse.aspNetUnsupportedMediaTypeMessage(mediaType))])
        case .json:
            guard let object = JSONValue.parse(body)?.objectValue else {
                return invalid([("user", "The request body is not a JSON User object.")])
            }
            validation = SerticaUserSchema.validate(json: object)
        case .xml:
            do {
                let document = try FlatXMLDocument.parse(String(decoding: body, as: UTF8.self))
                guard document.rootName == "User" else {
                    return invalid([("user", "<\(document.rootName) xmlns=''> was not expected; the root element must be <User>.")])
                }
                validation = SerticaUserSchema.validate(xml: document.fields)
            } catch {
                return invalid([("user", "There is an error in XML document: \(error)")])
            }
        }
        switch validation {
        case .failure(let list):
            return invalid(list.violations.map { ("user.\($0.field)", $0.message) })
        case .success(let user):
            switch store.upsert(user) {
            case .created:
                counters.record(.create, vendor: .sertica)
            case .updated:
                counters.record(.update, vendor: .sertica)
            case .createdDuplicateLogin:
                counters.record(.create, vendor: .sertica)
                counters.record(.duplicateCreate, vendor: .sertica)
            }
            return (.ok, nil)
        }
    }
}
