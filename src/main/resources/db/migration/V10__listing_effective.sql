-- listing_effective: every listing as the user sees it, the MLS copy (listing, never changed by an edit)
-- with the user's overrides (listing_override) applied: each typed column takes the override of its RESO
-- field when there is one (cast to the column's type; the API validates values so every cast succeeds), raw
-- is merged with the overrides, and overridden_fields lists the overridden RESO field names ({} = none).
-- ModificationTimestamp and ListingKey are the MLS's own and cannot be overridden.
CREATE VIEW listing_effective AS
SELECT l.feed_id,
       l.listing_key,
       CASE WHEN o.vals ? 'ListingId' THEN o.vals ->> 'ListingId' ELSE l.listing_id END AS listing_id,
       CASE WHEN o.vals ? 'StandardStatus' THEN o.vals ->> 'StandardStatus' ELSE l.standard_status END AS standard_status,
       l.modification_timestamp,
       CASE WHEN o.vals ? 'PhotosChangeTimestamp' THEN (o.vals ->> 'PhotosChangeTimestamp')::timestamptz
            ELSE l.photos_change_timestamp END AS photos_change_timestamp,
       CASE WHEN o.vals ? 'PropertyType' THEN o.vals ->> 'PropertyType' ELSE l.property_type END AS property_type,
       CASE WHEN o.vals ? 'PropertySubType' THEN o.vals ->> 'PropertySubType' ELSE l.property_sub_type END AS property_sub_type,
       CASE WHEN o.vals ? 'ListPrice' THEN (o.vals ->> 'ListPrice')::numeric(14, 2) ELSE l.list_price END AS list_price,
       CASE WHEN o.vals ? 'ClosePrice' THEN (o.vals ->> 'ClosePrice')::numeric(14, 2) ELSE l.close_price END AS close_price,
       CASE WHEN o.vals ? 'StreetNumber' THEN o.vals ->> 'StreetNumber' ELSE l.street_number END AS street_number,
       CASE WHEN o.vals ? 'StreetName' THEN o.vals ->> 'StreetName' ELSE l.street_name END AS street_name,
       CASE WHEN o.vals ? 'StreetSuffix' THEN o.vals ->> 'StreetSuffix' ELSE l.street_suffix END AS street_suffix,
       CASE WHEN o.vals ? 'UnitNumber' THEN o.vals ->> 'UnitNumber' ELSE l.unit_number END AS unit_number,
       CASE WHEN o.vals ? 'UnparsedAddress' THEN o.vals ->> 'UnparsedAddress' ELSE l.unparsed_address END AS unparsed_address,
       CASE WHEN o.vals ? 'City' THEN o.vals ->> 'City' ELSE l.city END AS city,
       CASE WHEN o.vals ? 'StateOrProvince' THEN o.vals ->> 'StateOrProvince' ELSE l.state_or_province END AS state_or_province,
       CASE WHEN o.vals ? 'PostalCode' THEN o.vals ->> 'PostalCode' ELSE l.postal_code END AS postal_code,
       CASE WHEN o.vals ? 'CountyOrParish' THEN o.vals ->> 'CountyOrParish' ELSE l.county_or_parish END AS county_or_parish,
       CASE WHEN o.vals ? 'Latitude' THEN (o.vals ->> 'Latitude')::double precision ELSE l.latitude END AS latitude,
       CASE WHEN o.vals ? 'Longitude' THEN (o.vals ->> 'Longitude')::double precision ELSE l.longitude END AS longitude,
       CASE WHEN o.vals ? 'BedroomsTotal' THEN (o.vals ->> 'BedroomsTotal')::integer ELSE l.bedrooms_total END AS bedrooms_total,
       -- as the mapper does: BathroomsTotalDecimal first, BathroomsTotalInteger where the record has no decimal
       CASE WHEN o.vals ? 'BathroomsTotalDecimal' THEN (o.vals ->> 'BathroomsTotalDecimal')::numeric(6, 2)
            WHEN o.vals ? 'BathroomsTotalInteger' AND l.raw -> 'BathroomsTotalDecimal' IS NULL
                THEN (o.vals ->> 'BathroomsTotalInteger')::numeric(6, 2)
            ELSE l.bathrooms_total END AS bathrooms_total,
       CASE WHEN o.vals ? 'LivingArea' THEN (o.vals ->> 'LivingArea')::numeric(12, 2) ELSE l.living_area END AS living_area,
       CASE WHEN o.vals ? 'LotSizeAcres' THEN (o.vals ->> 'LotSizeAcres')::numeric(14, 4) ELSE l.lot_size_acres END AS lot_size_acres,
       CASE WHEN o.vals ? 'LotSizeSquareFeet' THEN (o.vals ->> 'LotSizeSquareFeet')::numeric(16, 2)
            ELSE l.lot_size_square_feet END AS lot_size_square_feet,
       CASE WHEN o.vals ? 'YearBuilt' THEN (o.vals ->> 'YearBuilt')::integer ELSE l.year_built END AS year_built,
       CASE WHEN o.vals ? 'ListAgentKey' THEN o.vals ->> 'ListAgentKey' ELSE l.list_agent_key END AS list_agent_key,
       CASE WHEN o.vals ? 'ListOfficeKey' THEN o.vals ->> 'ListOfficeKey' ELSE l.list_office_key END AS list_office_key,
       CASE WHEN o.vals ? 'ListingContractDate' THEN (o.vals ->> 'ListingContractDate')::date
            ELSE l.listing_contract_date END AS listing_contract_date,
       CASE WHEN o.vals ? 'CloseDate' THEN (o.vals ->> 'CloseDate')::date ELSE l.close_date END AS close_date,
       CASE WHEN o.vals ? 'PhotosCount' THEN (o.vals ->> 'PhotosCount')::integer ELSE l.photos_count END AS photos_count,
       CASE WHEN o.vals IS NULL THEN l.raw ELSE l.raw || o.vals END AS raw,
       l.deleted_at,
       l.first_seen_at,
       l.updated_at,
       COALESCE(o.fields, '{}'::text[]) AS overridden_fields
FROM listing l
LEFT JOIN (SELECT feed_id, listing_key, jsonb_object_agg(field, value) AS vals,
                  array_agg(field ORDER BY field) AS fields
           FROM listing_override GROUP BY feed_id, listing_key) o
       ON o.feed_id = l.feed_id AND o.listing_key = l.listing_key;

-- "Which conflicts are open, newest first" (API, dashboard) without scanning resolved history.
CREATE INDEX listing_conflict_open_recent_idx ON listing_conflict (opened_at DESC) WHERE status = 'open';
