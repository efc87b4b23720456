# Open data: /open-data and its DCAT-AP_IT description.
opendata-title = Innovation Hub open data
opendata-intro = The services born in the Innovation Hub and listed in the catalogue of the National Strategic Hub, the administrations that adopt them and how the challenges are going, up to date, to download as CSV or JSON. No personal data: in the counts of proposals, values from 1 to 4 are not published.
opendata-licence = All the data are released under the licence
opendata-csv = Download as CSV
opendata-json = Download as JSON
opendata-catalog = The datasets described in DCAT-AP_IT (JSON-LD)
opendata-services-title = Services of the PSN catalogue born in the Innovation Hub
opendata-services-description = One service per row: name, provider, state (published or deprecated), publication date, whether it came from a proposal the hub evaluated, and how many administrations use it, plan to or stopped.
opendata-adoptions-title = Adoptions of the services by administrations
opendata-adoptions-description = One adoption per row, for the administrations that choose to make it public: service, administration, IPA code, the adoption's state and its declared start.
opendata-funnel-title = How the challenges are going
opendata-funnel-description = For each public challenge: the proposals submitted and, of those, how many are being evaluated, accepted, rejected or withdrawn. Counts from 1 to 4 stay empty, with a second value wherever it would let them be worked out from the total.
footer-open-data = Open data
