package dev.mlsync.sim;

/** The EDMX document of {@code $metadata}, declared from the tables' own field lists. */
final class Metadata {
    private static final String NAMESPACE = "org.reso.metadata";

    private Metadata() {
    }

    static String edmx(Iterable<Table<?>> tables) {
        StringBuilder xml = new StringBuilder(8192);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n")
                .append("  <edmx:DataServices>\n")
                .append("    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"")
                .append(NAMESPACE).append("\">\n");
        for (Table<?> table : tables) {
            entityType(xml, table);
        }
        xml.append("      <EntityContainer Name=\"Default\">\n");
        for (Table<?> table : tables) {
            xml.append("        <EntitySet Name=\"").append(table.name()).append("\" EntityType=\"")
                    .append(NAMESPACE).append('.').append(table.name()).append("\"/>\n");
        }
        return xml.append("      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n").toString();
    }

    private static void entityType(StringBuilder xml, Table<?> table) {
        xml.append("      <EntityType Name=\"").append(table.name()).append("\">\n")
                .append("        <Key><PropertyRef Name=\"").append(table.keyField()).append("\"/></Key>\n");
        for (Field<?> field : table.fields()) {
            xml.append("        <Property Name=\"").append(field.name()).append("\" Type=\"")
                    .append(field.type().edmName()).append('"')
                    .append(field.type() == EdmType.DECIMAL ? " Precision=\"14\" Scale=\"2\"" : "")
                    .append(field.type() == EdmType.DATETIMEOFFSET ? " Precision=\"27\"" : "").append("/>\n");
        }
        if (table.expands()) {
            xml.append("        <NavigationProperty Name=\"Media\" Type=\"Collection(").append(NAMESPACE)
                    .append(".Media)\"/>\n");
        }
        xml.append("      </EntityType>\n");
    }
}
