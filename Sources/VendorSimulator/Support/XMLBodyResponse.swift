import Foundation
import Hummingbird

/// What an ASP.NET / ServiceStack vendor answers when the body went to its XML reader:
/// a JSON body (the forgotten Content-Type) fails to parse; well-formed XML is beyond the
/// simulator for every vendor but Sertica and is refused as unsupported.
func xmlBodyResponse(_ body: Data) -> Response {
    do {
        _ = try FlatXMLDocument.parse(String(decoding: body, as: UTF8.self))
        return SimulatorResponse.aspNetUnsupportedMediaType("application/xml (the simulator reads XML for Sertica only; send JSON)")
    } catch {
        return SimulatorResponse.aspNetMessage(
            .badRequest, "The request is invalid: the body was read as XML (no JSON Content-Type) and failed: \(error)"
        )
    }
}
