import DirBridgeCore
import Foundation
import Hummingbird

/// `POST {base}/api/users/ImportUser`: one user per request, Basic auth, JSON or XML.
struct SerticaRoutes {
    let credentials: SimulatorCredentials.UserPassword
    let store: SerticaStore
    let counters: SimulatorCounters

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
        let body = try await request.collectData()
        let validation: Result<[String: JSONValue], SerticaUserSchema.ViolationList>
        switch request.bodyFormat {
        case .unsupported(let mediaType):
            return SimulatorResponse.aspNetUnsupportedMediaType(mediaType)
        case .json:
            guard let object = JSONValue.parse(body)?.objectValue else {
                return SimulatorResponse.aspNetModelState([("user", "The request body is not a JSON User object.")])
            }
            validation = SerticaUserSchema.validate(json: object)
        case .xml:
            do {
                let document = try FlatXMLDocument.parse(String(decoding: body, as: UTF8.self))
                guard document.rootName == "User" else {
                    return SimulatorResponse.aspNetModelState(
                        [("user", "<\(document.rootName) xmlns=''> was not expected; the root element must be <User>.")]
                    )
                }
                validation = SerticaUserSchema.validate(xml: document.fields)
            } catch {
                return SimulatorResponse.aspNetModelState([("user", "There is an error in XML document: \(error)")])
            }
        }
        switch validation {
        case .failure(let list):
            return SimulatorResponse.aspNetModelState(list.violations.map { ("user.\($0.field)", $0.message) })
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
            return SimulatorResponse.empty(.ok)
        }
    }
}
