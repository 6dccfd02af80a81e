// The OSV vulnerability step of the image scan.
export { DEFAULT_OSV_URL, findVulnerabilities, type FindVulnerabilitiesOptions, type VulnerabilityFindings } from './find-vulnerabilities';
