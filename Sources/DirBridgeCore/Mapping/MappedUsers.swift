/// A target's accepted users with the mapper that maps them, shared by every action planned
/// from them: a create that maps its payload when sent refers to its user by position instead
/// of holding a copy of the user and the mapper.
final class MappedUsers: Sendable {
    let directory: [DirectoryUser]
    /// Accepted user `i` is `directory[indices[i]]` (32 bits: five targets hold one each).
    let indices: [Int32]
    let mapper: Mapper

    init(directory: [DirectoryUser], indices: [Int32], mapper: Mapper) {
        self.directory = directory
        self.indices = indices
        self.mapper = mapper
    }

    func payload(at index: Int) -> TargetPayload {
        mapper.preparedPayload(of: directory[Int(indices[index])])
    }
}
