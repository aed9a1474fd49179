// ISO 3166-1 alpha-3 country codes HMRC accepts (Property Business, BSAS), plus HMRC's extras ZZZ and XKX (data).

/** The 249 officially assigned ISO 3166-1 alpha-3 codes. */
const ISO_3166_ALPHA_3 = `
AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE
BHS BHR BGD BRB BLR BEL BLZ BEN BMU BTN BOL BES BIH BWA BVT BRA IOT BRN BGR BFA BDI
CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL COM COG COD COK CRI CIV HRV CUB CUW CYP CZE
DNK DJI DMA DOM
ECU EGY SLV GNQ ERI EST SWZ ETH
FLK FRO FJI FIN FRA GUF PYF ATF
GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY
HTI HMD VAT HND HKG HUN
ISL IND IDN IRN IRQ IRL IMN ISR ITA
JAM JPN JEY JOR
KAZ KEN KIR PRK KOR KWT KGZ
LAO LVA LBN LSO LBR LBY LIE LTU LUX
MAC MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR
NAM NRU NPL NLD NCL NZL NIC NER NGA NIU NFK MKD MNP NOR
OMN
PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI
QAT
REU ROU RUS RWA
BLM SHN KNA LCA MAF SPM VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ESP LKA SDN SUR SJM SWE CHE SYR
TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV
UGA UKR ARE GBR USA UMI URY UZB
VUT VEN VNM VGB VIR
WLF ESH
YEM
ZMB ZWE
`
  .trim()
  .split(/\s+/);

/**
 * HMRC's resolver also lets through ZZZ (its "unknown country" code) and Kosovo's user-assigned XKX, which the Java
 * country library it uses knows.
 */
const HMRC_EXTRAS = ['ZZZ', 'XKX'];

export const permittedCountryCodes: ReadonlySet<string> = new Set([...ISO_3166_ALPHA_3, ...HMRC_EXTRAS]);

/** HMRC's rule: not three characters long is a format error; three characters that name no country, a rule error. */
export function countryCodeProblem(code: string): 'FORMAT_COUNTRY_CODE' | 'RULE_COUNTRY_CODE' | null {
  if (code.length !== 3) return 'FORMAT_COUNTRY_CODE';
  return permittedCountryCodes.has(code) ? null : 'RULE_COUNTRY_CODE';
}

export function isPermittedCountryCode(code: string): boolean {
  return permittedCountryCodes.has(code);
}
