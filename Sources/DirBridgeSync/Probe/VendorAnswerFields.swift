import Foundation

/// The few fields of vendor answers the probe reads itself, beyond what a connector reports:
/// the error code of a Forms On Fire (ServiceStack) refusal and the order of Requestor's results.
enum VendorAnswerFields {
    private struct ServiceStackAnswer: Decodable {
        struct Status: Decodable {
            struct Problem: Decodable {
                var ErrorCode: String?
            }

            var ErrorCode: String?
            var Errors: [Problem]?
        }

        var ResponseStatus: Status?
    }

    /// The ErrorCode of a ServiceStack `ResponseStatus` (the first field error's, else the status's own).
    static func serviceStackErrorCode(in body: Data) -> String? {
        guard let status = try? JSONDecoder().decode(ServiceStackAnswer.self, from: body).ResponseStatus else { return nil }
        return status.Errors?.first?.ErrorCode ?? status.ErrorCode
    }

    private struct RequestorAnswer: Decodable {
        struct Result: Decodable {
            var UserProviderKey: String?
            var UserProviderKeyConflict: String?
        }

        var RequestorUsers: [Result]?
    }

    /// Where in a SyncRequestorUsers answer the result naming `key` (as the user's key or as the
    /// conflict) stands; nil when the answer is no result list or no result names the key.
    static func requestorResultPosition(of key: String, in body: Data) -> (position: Int, count: Int)? {
        guard let results = try? JSONDecoder().decode(RequestorAnswer.self, from: body).RequestorUsers,
              let position = results.firstIndex(where: { result in
                  [result.UserProviderKey, result.UserProviderKeyConflict].contains { $0?.lowercased() == key.lowercased() }
              })
        else { return nil }
        return (position, results.count)
    }
}
