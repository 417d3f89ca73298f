import ArgumentParser
import HTTPTransport
extension DirBridgeBench { struct Transport: AsyncParsableCommand {} }
