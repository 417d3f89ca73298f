import Hummingbird

/// A response that ends request handling early (auth, media type, malformed body).
struct ResponseFailure: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}
