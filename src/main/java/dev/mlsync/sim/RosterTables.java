package dev.mlsync.sim;

import java.util.List;

import static dev.mlsync.sim.EdmType.DATE;
import static dev.mlsync.sim.EdmType.DATETIMEOFFSET;
import static dev.mlsync.sim.EdmType.STRING;

/** Field definitions of the Member, Office and OpenHouse resources. */
final class RosterTables {
    private static final long DAY = 86_400_000L;

    private RosterTables() {
    }

    /** Provider-specific fields every MLS Grid / Bridge resource carries (not only Property). */
    private static <R> List<Field<R>> withProfileFields(List<Field<R>> fields, ProfileRules rules,
                                                        java.util.function.Function<R, Object> modification) {
        List<Field<R>> all = new java.util.ArrayList<>(fields);
        if (rules.hasMlgCanView()) {
            all.add(Field.of("MlgCanView", EdmType.BOOLEAN, r -> true));
        }
        if (rules.hasBridgeModificationTimestamp()) {
            all.add(Field.of("BridgeModificationTimestamp", DATETIMEOFFSET, modification));
        }
        return List.copyOf(all);
    }

    static ListTable<Member> members(Dataset data, ProfileRules rules) {
        return new ListTable<>("Member", "MemberKey", withProfileFields(List.of(
                Field.of("MemberKey", STRING, m -> m.key),
                Field.of("MemberMlsId", STRING, Member::mlsId),
                Field.of("MemberFirstName", STRING, m -> m.firstName),
                Field.of("MemberLastName", STRING, m -> m.lastName),
                Field.of("MemberFullName", STRING, Member::fullName),
                Field.of("MemberEmail", STRING, Member::email),
                Field.of("MemberMobilePhone", STRING, Member::phone),
                Field.of("OfficeKey", STRING, m -> data.offices.get(m.office).key),
                Field.of("MemberStatus", STRING, m -> "Active"),
                Field.of("ModificationTimestamp", DATETIMEOFFSET, m -> m.modification),
                Field.of("OriginatingSystemName", STRING, m -> Dataset.ORIGINATING_SYSTEM)), rules, m -> m.modification),
                data, data.members, m -> m.key);
    }

    static ListTable<Office> offices(Dataset data, ProfileRules rules) {
        return new ListTable<>("Office", "OfficeKey", withProfileFields(List.of(
                Field.of("OfficeKey", STRING, o -> o.key),
                Field.of("OfficeMlsId", STRING, Office::mlsId),
                Field.of("OfficeName", STRING, o -> o.name),
                Field.of("OfficePhone", STRING, Office::phone),
                Field.of("OfficeAddress1", STRING, o -> o.streetNumber + " "
                        + Vocabulary.STREETS.get(o.number % Vocabulary.STREETS.size()) + " St"),
                Field.of("OfficeCity", STRING, o -> Vocabulary.CITIES.get(o.city).name()),
                Field.of("OfficeStateOrProvince", STRING, o -> "CO"),
                Field.of("OfficePostalCode", STRING, o -> String.valueOf(Vocabulary.CITIES.get(o.city).postalBase())),
                Field.of("OfficeStatus", STRING, o -> "Active"),
                Field.of("ModificationTimestamp", DATETIMEOFFSET, o -> o.modification),
                Field.of("OriginatingSystemName", STRING, o -> Dataset.ORIGINATING_SYSTEM)), rules, o -> o.modification),
                data, data.offices, o -> o.key);
    }

    static ListTable<OpenHouse> openHouses(Dataset data, ProfileRules rules) {
        return new ListTable<>("OpenHouse", "OpenHouseKey", withProfileFields(List.of(
                Field.of("OpenHouseKey", STRING, h -> h.key),
                Field.of("ListingKey", STRING, h -> h.listing.key),
                Field.of("OpenHouseDate", DATE, h -> Math.floorDiv(h.start, DAY)),
                Field.of("OpenHouseStartTime", DATETIMEOFFSET, h -> h.start),
                Field.of("OpenHouseEndTime", DATETIMEOFFSET, OpenHouse::end),
                Field.of("OpenHouseRemarks", STRING, h -> "Open house: " + Vocabulary.REMARKS.get(h.remarks)
                        .replace("%s", Vocabulary.CITIES.get(h.listing.city).name())
                        .replace("%d", String.valueOf(Math.max(1, h.listing.beds)))),
                Field.of("OpenHouseType", STRING, h -> "Public"),
                Field.of("ModificationTimestamp", DATETIMEOFFSET, h -> h.modification),
                Field.of("OriginatingSystemName", STRING, h -> Dataset.ORIGINATING_SYSTEM)), rules, h -> h.modification),
                data, data.openHouses, h -> h.key);
    }
}
