package dev.mlsync.sim;

import java.util.List;

/** The fixed word lists the generated dataset draws from. */
final class Vocabulary {

    private Vocabulary() {
    }

    record City(String name, String county, int postalBase, double latitude, double longitude) {
    }

    record PropertyKind(String type, List<String> subTypes, int share) {
    }

    static final List<City> CITIES = List.of(
            new City("Denver", "Denver", 80202, 39.7392, -104.9903),
            new City("Aurora", "Arapahoe", 80010, 39.7294, -104.8319),
            new City("Lakewood", "Jefferson", 80226, 39.7047, -105.0814),
            new City("Boulder", "Boulder", 80301, 40.0150, -105.2705),
            new City("Fort Collins", "Larimer", 80521, 40.5853, -105.0844),
            new City("Colorado Springs", "El Paso", 80903, 38.8339, -104.8214),
            new City("Arvada", "Jefferson", 80002, 39.8028, -105.0875),
            new City("Westminster", "Adams", 80030, 39.8367, -105.0372),
            new City("Thornton", "Adams", 80229, 39.8680, -104.9719),
            new City("Centennial", "Arapahoe", 80112, 39.5807, -104.8772),
            new City("Littleton", "Arapahoe", 80120, 39.6133, -105.0166),
            new City("Highlands Ranch", "Douglas", 80126, 39.5539, -104.9694),
            new City("Castle Rock", "Douglas", 80104, 39.3722, -104.8561),
            new City("Parker", "Douglas", 80134, 39.5186, -104.7614),
            new City("Longmont", "Boulder", 80501, 40.1672, -105.1019),
            new City("Loveland", "Larimer", 80537, 40.3978, -105.0750),
            new City("Greeley", "Weld", 80631, 40.4233, -104.7091),
            new City("Broomfield", "Broomfield", 80020, 39.9205, -105.0867),
            new City("Golden", "Jefferson", 80401, 39.7555, -105.2211),
            new City("Pueblo", "Pueblo", 81001, 38.2544, -104.6091));

    static final List<PropertyKind> KINDS = List.of(
            new PropertyKind("Residential", List.of("Single Family Residence", "Condominium", "Townhouse"), 70),
            new PropertyKind("Residential Lease", List.of("Single Family Residence", "Apartment", "Condominium"), 13),
            new PropertyKind("Land", List.of("Unimproved Land"), 8),
            new PropertyKind("Residential Income", List.of("Duplex", "Triplex", "Quadruplex"), 5),
            new PropertyKind("Commercial Sale", List.of("Office", "Retail", "Industrial"), 4));

    /** StandardStatus values by status code; the last is the deletion status. */
    static final List<String> STATUSES = List.of("Active", "Active Under Contract", "Pending", "Closed",
            "Withdrawn", "Expired", "Canceled", "Coming Soon", "Delete");
    static final List<String> MLS_STATUSES = List.of("Active", "Under Contract", "Pending", "Sold",
            "Withdrawn", "Expired", "Cancelled", "Coming Soon", "Deleted");
    /** Shares in percent, by status code. */
    static final int[] STATUS_SHARES = {60, 8, 10, 15, 3, 2, 1, 1};
    static final int ACTIVE = 0;
    static final int UNDER_CONTRACT = 1;
    static final int PENDING = 2;
    static final int CLOSED = 3;
    static final int WITHDRAWN = 4;
    static final int COMING_SOON = 7;
    static final int DELETE = 8;

    static final List<String> STREETS = List.of("Maple", "Oak", "Pine", "Cedar", "Aspen", "Spruce", "Willow",
            "Birch", "Elm", "Juniper", "Colfax", "Broadway", "Lincoln", "Grant", "Logan", "Pennsylvania",
            "Washington", "Clarkson", "Emerson", "Ogden", "Downing", "Marion", "Lafayette", "Humboldt",
            "Franklin", "Gilpin", "Williams", "High", "Race", "Vine", "York", "Josephine", "Columbine",
            "Elizabeth", "Clayton", "Detroit", "Milwaukee", "Steele", "Adams", "Cook");
    static final List<String> SUFFIXES = List.of("St", "Ave", "Blvd", "Dr", "Ln", "Ct", "Way", "Rd", "Pl", "Cir");

    static final List<String> FIRST_NAMES = List.of("James", "Mary", "Robert", "Patricia", "John", "Jennifer",
            "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph",
            "Jessica", "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony",
            "Betty", "Mark", "Sandra", "Steven", "Ashley", "Andrew", "Emily", "Priya", "Wei", "Olga", "Ahmed");
    static final List<String> LAST_NAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
            "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris",
            "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "Nguyen", "Patel");
    static final List<String> BRANDS = List.of("Summit", "Front Range", "Peak", "Mile High", "Foothills",
            "Keystone", "Evergreen", "Blue Sky", "Pinnacle", "Red Rocks");

    static final List<String> CAPTIONS = List.of("Living room", "Kitchen", "Primary bedroom", "Primary bathroom",
            "Dining room", "Bedroom", "Bathroom", "Backyard", "Family room", "Office", "Laundry", "Garage",
            "Deck", "Basement", "Mountain view", "Street view", "Patio", "Entry");

    static final List<String> REMARKS = List.of(
            "Welcome home to this beautifully maintained property in the heart of %s.",
            "Sunlight pours through oversized windows into an open living area with hardwood floors.",
            "The updated kitchen features quartz counters, stainless appliances and a generous island.",
            "Offering %d bedrooms, the home has room for everyone plus a flexible office nook.",
            "The primary suite includes a walk-in closet and a spa-like bathroom with dual vanities.",
            "Enjoy evenings on the covered patio overlooking a private, fully fenced backyard.",
            "A finished basement adds a family room, storage and space for guests.",
            "Mature trees, a sprinkler system and low-maintenance landscaping frame the lot.",
            "Walk to parks, trails, coffee shops and some of the best schools in %s.",
            "Recent updates include a new roof, a high-efficiency furnace and central air.",
            "The attached two-car garage offers built-in shelving and a workbench.",
            "Easy access to light rail, major highways and downtown make commuting simple.",
            "Mountain views from the upstairs bedrooms make every sunset memorable.",
            "This is the one you have been waiting for, schedule your showing today.",
            "Seller is offering a credit toward closing costs with an acceptable offer.",
            "Vaulted ceilings and a gas fireplace make the great room warm and inviting.",
            "A main-floor laundry room and mudroom keep daily life organized.",
            "The neighborhood pool, clubhouse and tennis courts are just a short stroll away.");
}
