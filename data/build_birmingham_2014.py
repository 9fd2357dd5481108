"""Build the "Birmingham 2014" sample input workbook for budgetmodel.

The sample is an indicative five-year budget (2014-15 to 2018-19) for Birmingham City
Council's children's social care service, as an analyst could have built it in late 2014:
base year 2013-14 (the Section 251 outturn year), money in £000, rates as fractions.
Every figure is typed below as a Python literal with its source; figures that are not
published are marked ESTIMATE and figures computed from others are marked DERIVED.
data/SOURCES.md lists every figure with its source, grade and arithmetic.

The workbook follows the input contract in the design: one table per sheet, header in
row 1, an extra trailing ``source`` column (and sometimes ``notes``) that the engine
ignores.

Rerun from the repository root (XlsxWriter required):

    python3 data/build_birmingham_2014.py

It overwrites data/birmingham_2014.xlsx beside this script. The output is deterministic:
the document properties are fixed, so two runs give the same sheets.
"""

import datetime
import itertools
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).with_name("birmingham_2014.xlsx")

# Base year first, then the five projection years.
YEARS = ["2013-14", "2014-15", "2015-16", "2016-17", "2017-18", "2018-19"]


def yrs(*values):
    """Map the six year labels to values; None leaves the cell blank."""
    assert len(values) == len(YEARS), values
    return dict(zip(YEARS, values, strict=True))


def proj(*values):
    """A series with a blank base year and the five projection-year values."""
    return yrs(None, *values)


def k(pounds):
    """Pounds to £000 (the workbook's money unit)."""
    return pounds / 1000


# --------------------------------------------------------------------------------------
# Citations used by several rows
# --------------------------------------------------------------------------------------
S251 = (
    "DfE Section 251 outturn 2013-14, LA-level data, Birmingham (LA 330), gross expenditure, "
    "file outturn_1314.csv (github.com/BenGoodair/childrens_social_care_data, "
    "Raw_Data/LA_level/LA_Spend/); grade A"
)
SSDA903 = (
    "DfE Children looked after in England, year ending 31 March 2014 (SFR36/2014), underlying "
    "LA data; https://www.gov.uk/government/collections/statistics-looked-after-children; "
    "grade A"
)
CIN = (
    "DfE Characteristics of children in need, LA time series "
    "b1_children_in_need_2013_to_2025.csv (github.com/dfe-analytical-services/"
    "CSC_outcomes_and_enablers, data-raw/); https://explore-education-statistics.service."
    "gov.uk/find-statistics/characteristics-of-children-in-need; grade A"
)
CPP = (
    "DfE Characteristics of children in need, child protection plans at 31 March, "
    "d5_cpps_at31march_by_duration_2013_to_2025.csv (github.com/dfe-analytical-services/"
    "CSC_outcomes_and_enablers, data-raw/); grade A"
)
ONS = (
    "ONS mid-year population estimates, children aged 0-17, as published by DfE in "
    "ons_mid-year_population_estimates_2012_to_2024.csv (github.com/dfe-analytical-services/"
    "CSC_outcomes_and_enablers, data-raw/); current series; grade A"
)
CASELOAD_CC = (
    "Community Care 11 Nov 2013 (council's own review: 29 children per social worker), "
    "https://www.communitycare.co.uk/2013/11/11/birmingham-admits-its-childrens-services-"
    "have-been-underfunded/; grade B"
)
AGENCY_POST = (
    "Birmingham Post c. spring 2015 ('nearly 30 per cent of the council's 511 full-timers are "
    "not directly employed'), https://www.birminghampost.co.uk/news/regional-affairs/"
    "vulnerable-birmingham-children-still-risk-9386337; grade B"
)
BUDGET_2014 = (
    "Budget speech March 2014 as reported by Chamberlain Files 28 Jul 2014 ('additional £14m "
    "into safeguarding in 2014-15 and a further £10m a year up to 2018'), "
    "http://www.thechamberlainfiles.com/failing-birmingham-childrens-social-care-facing-shock-"
    "120m-improvement-bill/; grade B"
)
OBR_2019 = (
    "OBR Economic and fiscal outlook March 2019, supplementary economy tables (quarterly "
    "series, as held in github.com/grahamstark/ScottishTaxBenefitModel.jl "
    "data/prices/obr/merged_quarterly.tab), financial-year averages; grade A (DERIVED)"
)

# --------------------------------------------------------------------------------------
# Section 251 outturn 2013-14, Birmingham, gross expenditure in pounds (line numbers are
# those of the 2013-14 S251 outturn return).
# --------------------------------------------------------------------------------------
S251_RESIDENTIAL = 25_829_231  # line 6 Residential care
S251_FOSTER_OWN = 21_216_055  # line 7 Fostering services, own provision
S251_FOSTER_PRIVATE = 22_105_905  # line 7 Fostering services, private provision
S251_ADOPTION = 9_536_978  # line 8 Adoption services
S251_OTHER_CLA = 1_694_933  # line 10 Other children looked after services
S251_LEAVING_CARE = 5_344_853  # line 14 Leaving care support services
S251_UASC = 3_319_977  # line 15 Asylum seeker services - children
S251_OTHER_CF = 5_766_978  # line 17 Other children's and families services
S251_SOCIAL_WORK = 39_374_475  # line 18 Social work (incl. LA child protection functions)
S251_COMMISSIONING = 10_108_047  # line 19 Commissioning and children's services strategy
S251_LSCB = 1_793_850  # line 20 Local safeguarding children board
S251_FAMILY_SUPPORT = 18_898_461  # line 27 Total family support services

# Lines 16 + 21 + 27 + 17 of the return: CLA + safeguarding + family support + other C&F.
S251_CLA_TOTAL = 89_047_932  # line 16 Total children looked after
S251_SAFEGUARDING_TOTAL = 51_276_372  # line 21 Total safeguarding children and YP services
S251_CSC_TOTAL = S251_CLA_TOTAL + S251_SAFEGUARDING_TOTAL + S251_FAMILY_SUPPORT + S251_OTHER_CF
assert S251_CSC_TOTAL == 164_989_743

# --------------------------------------------------------------------------------------
# Activity at 31 March 2014 and the social work staffing assumptions
# --------------------------------------------------------------------------------------
CLA_2014 = 1801  # looked-after children at 31 March 2014
CLA_2013 = 1892  # looked-after children at 31 March 2013
CLA_CEASED_2014 = 758  # children who ceased to be looked after in 2013-14
CLA_EXIT_RATE = round(CLA_CEASED_2014 / CLA_2013, 4)  # DERIVED: share of the opening stock
assert CLA_EXIT_RATE == 0.4006
FOSTER_2014 = 1317  # of whom in foster placements
FOSTER_IFA = 550  # ESTIMATE: in independent fostering agency placements
FOSTER_INHOUSE = FOSTER_2014 - FOSTER_IFA  # 767, ESTIMATE by difference
RESIDENTIAL = 196 + 15 + 10  # secure units/children's homes/hostels + other res. + res. schools
OTHER_PLACEMENTS = CLA_2014 - FOSTER_INHOUSE - FOSTER_IFA - RESIDENTIAL  # 263
assert (FOSTER_INHOUSE, RESIDENTIAL, OTHER_PLACEMENTS) == (767, 221, 263)

CIN_2014 = 9123  # children in need at 31 March 2014
CPP_2014 = 844  # children on child protection plans at 31 March 2014
POP_2013 = 281_019  # ONS mid-2013 children aged 0-17

SW_CASELOAD = [29, 26, 23, 20, 20, 20]  # children per social worker, 2013-14 .. 2018-19
SW_AGENCY_SHARE = 0.30  # share of social workers from agencies, held (see agency_reduction)
SW_COST_PER_FTE = 48.0  # £000 a year, salary plus on-costs (ESTIMATE)
SW_AGENCY_PREMIUM = 0.5  # agency worker costs 50% more than an employed one (ESTIMATE)

SW_FTE_BASE = CIN_2014 / SW_CASELOAD[0]  # 314.59 FTE
SW_COST_BASE = SW_FTE_BASE * SW_COST_PER_FTE * (1 + SW_AGENCY_SHARE * SW_AGENCY_PREMIUM)
SOCIAL_WORK_OTHER = round(k(S251_SOCIAL_WORK) - SW_COST_BASE, 5)  # to the penny

# Agency reduction: agency share falls from 0.30 to 0.15 by 2016-17 (0.25, 0.20, 0.15, ...).
AGENCY_TARGET = [0.25, 0.20, 0.15, 0.15, 0.15]
AGENCY_SAVING = [
    round(CIN_2014 / caseload * SW_COST_PER_FTE * (SW_AGENCY_SHARE - share) * SW_AGENCY_PREMIUM, 1)
    for caseload, share in zip(SW_CASELOAD[1:], AGENCY_TARGET, strict=True)
]
assert AGENCY_SAVING == [421.1, 952.0, 1642.1, 1642.1, 1642.1]

# --------------------------------------------------------------------------------------
# Sheets: each is (name, columns, rows); a row is a dict keyed by column name.
# --------------------------------------------------------------------------------------
SETTINGS = [
    {
        "setting": "authority",
        "value": "Birmingham City Council",
        "source": "Local authority 330 (E08000025)",
    },
    {
        "setting": "base_year",
        "value": "2013-14",
        "source": "Latest Section 251 outturn year available in late 2014 (" + S251 + ")",
    },
    {"setting": "horizon", "value": 5, "source": "Five-year budget, 2014-15 to 2018-19"},
    {"setting": "money_unit", "value": "£000", "source": "All money cells are in £ thousands"},
    {
        "setting": "deflator",
        "value": "gdp_deflator",
        "source": "Real terms at 2013-14 prices by the GDP deflator (HM Treasury convention)",
    },
    {
        "setting": "base_budget",
        "value": k(S251_CSC_TOTAL),
        "source": (
            "DERIVED: 2013-14 gross outturn for children's social care = S251 line 16 children "
            "looked after £89,047,932 + line 21 safeguarding £51,276,372 + line 27 family "
            "support £18,898,461 + line 17 other children's and families services £5,766,978 "
            "= £164,989,743. " + S251
        ),
    },
]

POPULATIONS = [
    {
        "population_id": "children_0_17",
        "name": "Children aged 0-17",
        **yrs(POP_2013, 283_548, 286_100, 288_675, 291_273, 293_895),
        "source": (
            "2013-14: ONS mid-2013 estimate 281,019 (" + ONS + "). Projection years: ESTIMATE, "
            "281,019 x 1.009^t rounded to whole children (flat 0.9% a year, below the latest "
            "growth known in 2014, +1.3% from mid-2012 to mid-2013, and close to the later "
            "outturn; the ONS 2012-based sub-national projection was not available to us)"
        ),
        "notes": (
            "For reference only (not used): later ONS mid-year estimates for mid-2014 to "
            "mid-2018 were 283,467; 285,934; 289,265; 291,299; 291,928"
        ),
    },
]

DRIVERS = [
    {
        "driver_id": "cla",
        "name": "Children looked after",
        "unit": "children",
        "method": "stock_flow",
        "base_volume": CLA_2014,
        "source": "Looked-after children at 31 March 2014: 1,801. " + SSDA903,
        "notes": "Outturn for reference: 1,989 (2015), 1,814 (2016), 1,841 (2017)",
    },
    {
        "driver_id": "foster_inhouse",
        "name": "Foster care with the council's own carers",
        "unit": "children",
        "method": "share",
        "basis": "cla",
        "base_volume": FOSTER_INHOUSE,
        "source": (
            "ESTIMATE: 1,317 children in foster placements at 31 March 2014 (" + SSDA903 + ") "
            "minus about 550 with independent fostering agencies = 767; the split is not "
            "published. LA own provision (866 placements, all types) bounds it from above"
        ),
    },
    {
        "driver_id": "foster_ifa",
        "name": "Foster care with independent fostering agencies",
        "unit": "children",
        "method": "share",
        "basis": "cla",
        "base_volume": FOSTER_IFA,
        "source": (
            "ESTIMATE: S251 private fostering spend £22,105,905 / (£750 to £850 a week x 52.14) "
            "= 499 to 565 children; cross-check: private and voluntary providers 794 placements "
            "less about 150 residential and 60 to 77 semi-independent = 570 to 585 (SSDA903 "
            "2014, grade A); 550 taken"
        ),
    },
    {
        "driver_id": "residential",
        "name": "Residential placements",
        "unit": "children",
        "method": "share",
        "basis": "cla",
        "base_volume": RESIDENTIAL,
        "source": (
            "Secure units, children's homes and hostels 196 + other residential settings 15 + "
            "residential schools 10 = 221 at 31 March 2014. " + SSDA903
        ),
    },
    {
        "driver_id": "other_placements",
        "name": "Other placements (with parents, for adoption, community, other)",
        "unit": "children",
        "method": "share",
        "basis": "cla",
        "base_volume": OTHER_PLACEMENTS,
        "source": (
            "DERIVED: 1,801 - 767 - 550 - 221 = 263 = placed with parents 92 + placed for "
            "adoption 81 + other placements in the community 77 + other placements 8 + missing "
            "from placement 5 (published as suppressed, 1 to 5; 5 by difference). " + SSDA903
        ),
    },
    {
        "driver_id": "cin",
        "name": "Children in need",
        "unit": "children",
        "method": "rate",
        "basis": "children_0_17",
        "base_volume": CIN_2014,
        "source": "Children in need at 31 March 2014 (episodes open): 9,123. " + CIN,
        "notes": (
            "Rate 9,123 / 281,019 = 324.6 per 10,000 (England 344.7). Outturn for reference: "
            "9,676 (2015), 9,092 (2016), 8,414 (2017), 9,000 (2018)"
        ),
    },
    {
        "driver_id": "cpp",
        "name": "Children on child protection plans",
        "unit": "children",
        "method": "share",
        "basis": "cin",
        "base_volume": CPP_2014,
        "source": "Children on a child protection plan at 31 March 2014: 844. " + CPP,
        "notes": (
            "Not costed directly (social workers are costed on children in need); shown as an "
            "activity measure. Outturn for reference: 1,280 (2015), 845 (2016), 983 (2017)"
        ),
    },
]

DRIVER_ASSUMPTIONS = [
    {
        "driver_id": "cla",
        "parameter": "entries",
        **proj(691, 698, 704, 710, 717),
        "source": (
            "ESTIMATE: entry rate at the average of 2012-13 (708 starts / 277,338 children = "
            "25.53 per 10,000) and 2013-14 (653 / 281,019 = 23.24), i.e. 24.38 per 10,000, "
            "times the projected 0-17 population, e.g. 2014-15: 24.38 / 10,000 x 283,548 = "
            "691. Starts from SFR36/2013 and SFR36/2014 (grade A)"
        ),
        "notes": (
            "With the exit rate below the stock runs 1,801, 1,771, 1,759, 1,758, 1,764, 1,774 "
            "(60.4 per 10,000 at 31 March 2019, close to England's 60 in 2014)"
        ),
    },
    {
        "driver_id": "cla",
        "parameter": "exit_rate",
        **proj(*[CLA_EXIT_RATE] * 5),
        "source": (
            "DERIVED: 758 children ceased to be looked after in 2013-14 / 1,892 looked after at "
            "31 March 2013 (the opening stock, to which the model applies the rate) = 0.4006, "
            "held. SFR36/2014 and SFR36/2013 (grade A)"
        ),
    },
    {
        "driver_id": "cin",
        "parameter": "rate_change",
        **proj(0.015, 0.015, 0.015, 0.015, 0.0),
        "source": (
            "ESTIMATE: +1.5% a year for four years as thresholds are reset (Le Grand review, "
            "Mar 2014: demand managed by 'very high thresholds', as reported by CYP Now, grade "
            "B), taking the rate from 324.6 to 344.5 per 10,000 in 2017-18, England's 2014 "
            "rate (395,480 / 11,473,080 = 344.7, grade A); held in 2018-19"
        ),
    },
    {
        "driver_id": "cpp",
        "parameter": "share",
        **proj(0.096, 0.100, 0.104, 0.108, 0.108),
        "source": (
            "ESTIMATE: plans as a share of children in need rise 0.4 points a year from "
            "844 / 9,123 = 0.0925 toward England's 48,300 / 395,480 = 0.1221 (2014, grade A), "
            "closing about half the gap by 2017-18; held in 2018-19"
        ),
    },
]

COST_LINES = [
    # Children looked after: placements, costed on activity (u = base_cost / base volume).
    {
        "line_id": "fostering_inhouse",
        "name": "Fostering: council carers",
        "service_area": "Children looked after",
        "type": "activity",
        "driver_id": "foster_inhouse",
        "inflation": "placements",
        "base_cost": k(S251_FOSTER_OWN),
        "source": "S251 line 7 fostering services, own provision £21,216,055. " + S251,
        "notes": "u = 21,216.055 / 767 = £27.66k a year (£530 a week)",
    },
    {
        "line_id": "fostering_ifa",
        "name": "Fostering: independent agencies",
        "service_area": "Children looked after",
        "type": "activity",
        "driver_id": "foster_ifa",
        "inflation": "placements",
        "base_cost": k(S251_FOSTER_PRIVATE),
        "source": "S251 line 7 fostering services, private provision £22,105,905. " + S251,
        "notes": "u = 22,105.905 / 550 = £40.19k a year (£771 a week)",
    },
    {
        "line_id": "residential_care",
        "name": "Residential care",
        "service_area": "Children looked after",
        "type": "activity",
        "driver_id": "residential",
        "inflation": "placements",
        "base_cost": k(S251_RESIDENTIAL),
        "source": (
            "S251 line 6 residential care £25,829,231 (own provision £10,623,102, private "
            "£15,206,129). " + S251
        ),
        "notes": "u = 25,829.231 / 221 = £116.87k a year (£2,242 a week)",
    },
    {
        "line_id": "other_cla",
        "name": "Other children looked after services",
        "service_area": "Children looked after",
        "type": "activity",
        "driver_id": "other_placements",
        "inflation": "placements",
        "base_cost": k(S251_OTHER_CLA),
        "source": "S251 line 10 other children looked after services £1,694,933. " + S251,
        "notes": "u = 1,694.933 / 263 = £6.44k a year (£124 a week)",
    },
    # Children looked after: services not tied to a placement count.
    {
        "line_id": "adoption",
        "name": "Adoption services",
        "service_area": "Children looked after",
        "type": "fixed",
        "inflation": "pay",
        "base_cost": k(S251_ADOPTION),
        "source": (
            "S251 line 8 adoption services £9,536,978 (99.7% own provision: mainly the "
            "council's adoption teams, so priced as pay). " + S251
        ),
    },
    {
        "line_id": "leaving_care",
        "name": "Leaving care support services",
        "service_area": "Children looked after",
        "type": "fixed",
        "inflation": "non_pay",
        "base_cost": k(S251_LEAVING_CARE),
        "source": (
            "S251 line 14 leaving care support services £5,344,853 (69% private provision: "
            "commissioned accommodation and support, priced as non-pay). " + S251
        ),
    },
    {
        "line_id": "uasc",
        "name": "Unaccompanied asylum-seeking children",
        "service_area": "Children looked after",
        "type": "fixed",
        "inflation": "placements",
        "base_cost": k(S251_UASC),
        "source": (
            "S251 line 15 asylum seeker services - children £3,319,977 (89% private "
            "provision: placements). " + S251
        ),
    },
    # Safeguarding: S251 line 18 social work is split into frontline staffing and the rest.
    {
        "line_id": "social_workers",
        "name": "Frontline social workers",
        "service_area": "Safeguarding",
        "type": "staffing",
        "driver_id": "cin",
        "inflation": "pay",
        "cost_per_fte": SW_COST_PER_FTE,
        "agency_premium": SW_AGENCY_PREMIUM,
        "source": (
            "cost_per_fte ESTIMATE: a qualified children's social worker's salary of about "
            "£36k plus employer's National Insurance and pension (about 33%) = £48k a year; "
            "cross-check: PSSRU-based £40 an hour (New Economy Unit Cost Database, 2013-14 "
            "prices, grade B) x about 1,560 working hours (ESTIMATE) = £62k, which includes "
            "management and overheads (costed in social_work_other). "
            "agency_premium ESTIMATE: 0.5, middle of a 40% to 70% range (the council made "
            "permanent a '68% pay rise' for agency staff, BBC Oct 2014, grade B)"
        ),
        "notes": (
            f"2013-14: FTE = 9,123 / 29 = {SW_FTE_BASE:.2f}; cost = {SW_FTE_BASE:.2f} x 48 x "
            f"(1 + 0.30 x 0.5) = {SW_COST_BASE:,.3f} (£000)"
        ),
    },
    {
        "line_id": "social_work_other",
        "name": "Social work: management, support and other costs",
        "service_area": "Safeguarding",
        "type": "fixed",
        "inflation": "pay",
        "base_cost": SOCIAL_WORK_OTHER,
        "source": (
            "DERIVED: S251 line 18 social work (incl. child protection) £39,374,475 minus the "
            f"2013-14 cost of frontline social workers (9,123 / 29 = {SW_FTE_BASE:.2f} FTE x "
            f"£48k x (1 + 0.30 x 0.5) = £{SW_COST_BASE * 1000:,.2f}) = "
            f"£{SOCIAL_WORK_OTHER * 1000:,.2f}. " + S251
        ),
    },
    {
        "line_id": "commissioning_strategy",
        "name": "Commissioning and children's services strategy",
        "service_area": "Safeguarding",
        "type": "fixed",
        "inflation": "pay",
        "base_cost": k(S251_COMMISSIONING),
        "source": "S251 line 19 commissioning and children's services strategy £10,108,047. "
        + S251,
    },
    {
        "line_id": "lscb",
        "name": "Local safeguarding children board",
        "service_area": "Safeguarding",
        "type": "fixed",
        "inflation": "pay",
        "base_cost": k(S251_LSCB),
        "source": "S251 line 20 local safeguarding children board £1,793,850. " + S251,
    },
    # Family support and other services.
    {
        "line_id": "family_support",
        "name": "Family support services",
        "service_area": "Family support",
        "type": "fixed",
        "inflation": "pay",
        "base_cost": k(S251_FAMILY_SUPPORT),
        "source": (
            "S251 line 27 total family support services £18,898,461 (targeted family support "
            "£15,658,409, mostly council staff; short breaks, direct payments and other "
            "support for disabled children £3,240,052). " + S251
        ),
    },
    {
        "line_id": "other_cf_services",
        "name": "Other children's and families services",
        "service_area": "Other children's services",
        "type": "fixed",
        "inflation": "non_pay",
        "base_cost": k(S251_OTHER_CF),
        "source": (
            "S251 line 17 other children's and families services £5,766,978 (71% private "
            "provision, priced as non-pay). " + S251
        ),
    },
]
BASE_YEAR_TOTAL = SW_COST_BASE + sum(line.get("base_cost", 0) for line in COST_LINES)
assert abs(BASE_YEAR_TOTAL - k(S251_CSC_TOTAL)) < 0.001, BASE_YEAR_TOTAL  # within £1

COST_ASSUMPTIONS = [
    {
        "line_id": "social_workers",
        "parameter": "caseload",
        **yrs(*SW_CASELOAD),
        "source": (
            "2013-14: " + CASELOAD_CC + ". Then ESTIMATE: a "
            "safe-caseload path to 20 by 2016-17, held; the council reported an average of 18 "
            "by Sep 2015 (Chamberlain Files 24 Nov 2015, grade B); England average 16 in 2014 "
            "(DfE via Community Care 26 Feb 2016, grade B). Applies in every scenario"
        ),
    },
    {
        "line_id": "social_workers",
        "parameter": "agency_share",
        **yrs(*[SW_AGENCY_SHARE] * 6),
        "source": (
            "About 30% of social workers from agencies (" + AGENCY_POST + "); about 33% of "
            "frontline posts agency-filled at end Jan 2015 (CYP Now 13 Mar 2015, grade B). "
            "Held flat: the planned reduction is the agency_reduction saving"
        ),
    },
]

IMPROVEMENT = [
    {
        "initiative_id": "early_help",
        "name": "Early help and family support offer",
        "service_area": "Family support",
        "kind": "recurring",
        "inflation": "pay",
        **proj(2000, 3000, 4000, 5000, 5000),
        "source": (
            "ESTIMATE: multi-agency early-help teams and family support workers built up over "
            "four years to £5.0m a year (about a quarter of 2013-14 family support spend, "
            "£18.90m); no published costing found. Its effects on demand are on the Effects "
            "sheet"
        ),
    },
    {
        "initiative_id": "mgmt_it",
        "name": "Management capacity and case-management IT",
        "service_area": "Safeguarding",
        "kind": "one_off",
        "inflation": "non_pay",
        **proj(3000, 2000, 1000, None, None),
        "source": (
            "ESTIMATE: interim managers and practice improvement support while permanent "
            "managers are recruited, and a replacement case-management system; time-limited, "
            "£6m over three years"
        ),
    },
    {
        "initiative_id": "sw_recruitment",
        "name": "Social worker recruitment and retention (academy, market supplement)",
        "service_area": "Safeguarding",
        "kind": "recurring",
        "inflation": "pay",
        **proj(800, 1600, 1600, 1600, 1600),
        "source": (
            "ESTIMATE: a market supplement of about £3k for about 350 permanent social "
            "workers (70% of a 500 FTE establishment, £1.05m) plus a social work academy for "
            "newly qualified staff (£0.55m) = "
            "£1.6m a year, half a year in 2014-15; anchored on the £1.6m the council set "
            "aside to raise agency rates (CYP Now 13 Mar 2015, https://www.cypnow.co.uk/cyp/"
            "news/1150268/birmingham-struggles-to-overcome-social-worker-shortage, grade B)"
        ),
    },
    {
        "initiative_id": "agency_reduction",
        "name": "Convert agency posts to permanent staff",
        "service_area": "Safeguarding",
        "kind": "saving",
        "inflation": "pay",
        **proj(*AGENCY_SAVING),
        "source": (
            "DERIVED from ESTIMATEs: FTE at the year's caseload on 2013-14 children in need x "
            "£48k x (0.30 - agency share) x premium 0.5, with the agency share falling to "
            "0.25, 0.20, then 0.15 (England 15.8% in Sep 2017, DfE workforce census, grade A): "
            "2014-15 9,123 / 26 "
            "x 48 x 0.05 x 0.5 = 421.1; 2015-16 9,123 / 23 x 48 x 0.10 x 0.5 = 952.0; from "
            "2016-17 9,123 / 20 x 48 x 0.15 x 0.5 = 1,642.1 (£000). On 2013-14 demand, so "
            "prudent as caseloads grow"
        ),
    },
    {
        "initiative_id": "placement_mix",
        "name": "Placement mix: more in-house foster carers, fewer agency placements",
        "service_area": "Children looked after",
        "kind": "recurring",
        "inflation": "pay",
        **proj(350, 350, 350, 350, 350),
        "source": (
            "ESTIMATE: a recruitment, assessment and support team for council foster carers, "
            "about 6 FTE x £48k = £0.29m, plus marketing about £0.06m = £0.35m a year. The "
            "saving comes through its effects on the placement drivers (Effects sheet), so no "
            "saving row is entered here"
        ),
    },
]

EH_PHASING = proj(0.25, 0.5, 0.75, 1, 1)
PM_PHASING = proj(0.2, 0.4, 0.6, 0.8, 1)
EFFECTS = [
    {
        "initiative_id": "early_help",
        "driver_id": "cin",
        "effect": -0.05,
        **EH_PHASING,
        "source": (
            "ESTIMATE: 5% fewer children in need at full effect (about 500 children by "
            "2018-19) as families are helped before statutory thresholds are reached; modest "
            "because the CIN rate (324.6 per 10,000) is already below England's (344.7). "
            "Phased in as the offer is built: 25%, 50%, 75%, then 100%"
        ),
    },
    {
        "initiative_id": "early_help",
        "driver_id": "cla",
        "effect": -0.03,
        **EH_PHASING,
        "source": (
            "ESTIMATE: 3% fewer looked-after children at full effect (about 50 children), "
            "through fewer entries from families supported early; smaller than the effect on "
            "children in need because most entries follow an acute crisis. Same phasing"
        ),
    },
    {
        "initiative_id": "placement_mix",
        "driver_id": "foster_ifa",
        "effect": -0.10,
        **PM_PHASING,
        "source": (
            "ESTIMATE: 10% fewer independent-agency placements at full effect (55 of about "
            "550) as new placements go to newly recruited council carers; phased 20% a year "
            "because existing placements are not moved"
        ),
    },
    {
        "initiative_id": "placement_mix",
        "driver_id": "foster_inhouse",
        "effect": 0.0717,
        **PM_PHASING,
        "source": (
            "DERIVED: +0.10 x 550 / 767 = +0.0717, so the children no longer placed with "
            "agencies (55) are placed with council carers and the number fostered is "
            "unchanged. Net effect at full year about 55 x (£40.19k - £27.66k) = £0.69m less "
            "placement cost, against the £0.35m a year cost"
        ),
    },
]

PLACEMENT_BLEND = (
    "DERIVED/ESTIMATE: a blend for the placements category, weighted by 2013-14 spend on the "
    "lines priced as placements (residential £25.83m of £74.17m = 34.8%): residential at "
    "about 6% a year (independent children's home prices rose about 6% a year from 2013 to "
    "2018-19: NCERCC/Revolution Consulting, 17 Feb 2020, https://www.revolution-consulting."
    "org/2020/02/17/new-insights-into-prices-paid-by-local-authorities-for-childrens-homes-"
    "places/, grade B); fostering, UASC and other placements (65.2%) at the CPI outturn plus "
    "1 point (ESTIMATE, the same margin as the 2014 view). E.g. 2014-15: 0.348 x 6% + "
    "0.652 x 2.05% = 3.4%"
)
INFLATION = [
    {
        "scenario": "2014 view",
        "category": "pay",
        **proj(0.01, 0.01, 0.01, 0.01, 0.01),
        "source": (
            "Public sector pay policy, Budget 2014: awards limited to 1% in 2014-15 and "
            "intended 1% in 2015-16 (Employee Benefits, Mar 2014, https://www.employeebenefits"
            ".co.uk/issues/march-online-2014/public-sector-pay-awards-limited-to-1-until-2016/, "
            "grade B); NJC employers' 2014-15 offer 1%; 1% from 2016-17 is an ESTIMATE"
        ),
    },
    {
        "scenario": "2014 view",
        "category": "non_pay",
        **proj(0.02, 0.02, 0.02, 0.02, 0.02),
        "source": (
            "ESTIMATE: the 2% CPI target; the OBR March 2014 forecast was close to this but "
            "its table was not verified"
        ),
    },
    {
        "scenario": "2014 view",
        "category": "placements",
        **proj(0.03, 0.03, 0.03, 0.03, 0.03),
        "source": (
            "ESTIMATE: CPI plus 1 point for placement fees (a market in short supply); "
            "sensitivity 5% to 6% (independent children's home prices, grade B)"
        ),
    },
    {
        "scenario": "2014 view",
        "category": "gdp_deflator",
        **proj(0.02, 0.02, 0.02, 0.02, 0.02),
        "source": (
            "ESTIMATE: 2% a year; the OBR March 2014 forecast (https://obr.uk/efo/economic-and-"
            "fiscal-outlook-march-2014/) was not verified"
        ),
    },
    {
        "scenario": "outturn",
        "category": "pay",
        **proj(0.0055, 0.016, 0.01, 0.01, 0.02),
        "source": (
            "DERIVED from NJC pay awards (UNISON and council bulletins, grade B): 2.2% from "
            "1 Jan 2015 on SCP 11+ = 2.2% x 3/12 = 0.55% in 2014-15; full-year effect in "
            "2015-16 1.022 / 1.0055 - 1 = 1.6%; 1% from Apr 2016; 1% from Apr 2017; 2% from "
            "Apr 2018 (SCP 20+). Pay awards only: increments and employer on-cost changes "
            "are not included"
        ),
    },
    {
        "scenario": "outturn",
        "category": "non_pay",
        **proj(0.0105, 0.001, 0.0111, 0.0282, 0.0228),
        "source": "CPI, financial-year average change. " + OBR_2019,
    },
    {
        "scenario": "outturn",
        "category": "placements",
        **proj(0.034, 0.028, 0.035, 0.046, 0.042),
        "source": PLACEMENT_BLEND,
    },
    {
        "scenario": "outturn",
        "category": "gdp_deflator",
        **proj(0.0132, 0.0079, 0.0229, 0.0194, 0.0178),
        "source": "GDP deflator, financial-year average change. " + OBR_2019,
    },
]

FUNDING = [
    {
        "funding_id": "base",
        "name": "Base budget (2013-14 outturn, cash flat)",
        **yrs(*[k(S251_CSC_TOTAL)] * 6),
        "source": (
            "ESTIMATE of the cash limit: the 2013-14 gross outturn (£164,989,743, S251) held "
            "flat in cash, with no inflation funding, as the council planned £86m of cuts in "
            "2014-15 and £207m in 2015-16 (leader's budget speech 4 Mar 2014, "
            "http://birminghamnewsroom.com/leaders-budget-speech-2014/, grade B)"
        ),
    },
    {
        "funding_id": "growth_2014",
        "name": "Safeguarding growth from 2014-15",
        **yrs(0, 14000, 14000, 14000, 14000, 14000),
        "source": (
            "£14m added in 2014-15 (" + BUDGET_2014 + "). Read as a permanent addition to the "
            "base budget, so held in every later year"
        ),
    },
    {
        "funding_id": "growth_2015_18",
        "name": "Further growth 2015-16 to 2017-18",
        **yrs(0, 0, 10000, 10000, 10000, 0),
        "source": (
            "'A further £10m a year up to 2018' (" + BUDGET_2014 + "), read as £10m in each "
            "of 2015-16, 2016-17 and 2017-18 (£30m in all, matching the 'council's £30m for "
            "2015-2018' in the Commissioner's July 2014 report); ESTIMATE: nothing assumed "
            "in 2018-19, as no commitment beyond 2018 was announced"
        ),
    },
]

SCENARIOS = [
    {
        "scenario": "No plan",
        "inflation_scenario": "2014 view",
        "initiatives": "none",
        "description": (
            "Demand and prices as expected in 2014 and safe caseloads, with no improvement "
            "initiatives."
        ),
        "source": "Counterfactual for the improvement plan",
    },
    {
        "scenario": "Improvement plan",
        "inflation_scenario": "2014 view",
        "initiatives": "all",
        "description": "The improvement plan in full, with prices as expected in 2014.",
        "source": "Central case",
    },
    {
        "scenario": "Plan, outturn inflation",
        "inflation_scenario": "outturn",
        "initiatives": "all",
        "description": (
            "The improvement plan in full, with the pay awards and prices that actually followed."
        ),
        "source": "Sensitivity: price outturns to 2018-19",
    },
]

# Overrides: the demand that was later recorded, for the scenario "Plan, as it turned out".
# DfE outturns (grade A) to 2016-17 for looked-after flows and to 2018-19 for children in
# need and protection plans; later looked-after flows are held (ESTIMATE).
DFE = "DfE outturn, Birmingham (LA 330)"
CLA_STARTS_OUT = [935, 710, 740, 740, 740]  # 2014-15 .. 2018-19; last two held (ESTIMATE)
CLA_CEASED_OUT = [764, 887, 724]  # 2014-15 .. 2016-17
CLA_OPENING_OUT = [1801, 1989, 1814]  # stock at the start of each of those years
CLA_EXIT_OUT = [round(c / o, 4) for c, o in zip(CLA_CEASED_OUT, CLA_OPENING_OUT, strict=True)]
CLA_EXIT_OUT += [CLA_EXIT_OUT[-1]] * 2  # held (ESTIMATE)
CIN_OUT = [9123, 9676, 9092, 8414, 9000, 8388]  # 31 March 2014 .. 2019
CPP_OUT = [844, 1280, 845, 983, 1193, 1289]
POP_MODEL = next(row for row in POPULATIONS if row["population_id"] == "children_0_17")
CIN_RATE_OUT = [c / POP_MODEL[y] for c, y in zip(CIN_OUT, YEARS, strict=True)]
CIN_RATE_CHANGE_OUT = [round(b / a - 1, 10) for a, b in itertools.pairwise(CIN_RATE_OUT)]
CPP_SHARE_OUT = [round(p / c, 10) for p, c in zip(CPP_OUT[1:], CIN_OUT[1:], strict=True)]
TURNED_OUT = "Plan, as it turned out"

OVERRIDES = [
    {
        "scenario": TURNED_OUT,
        "driver_id": "cla",
        "parameter": "entries",
        **proj(*CLA_STARTS_OUT),
        "source": f"{DFE}: children starting to be looked after 935 (2014-15, SFR34/2015), 710 "
        "(2015-16, SFR41/2016), 740 (2016-17, SFR50/2017), grade A; 2017-18 and 2018-19 "
        "held at 740 (ESTIMATE: later flows not in the extracts used)",
    },
    {
        "scenario": TURNED_OUT,
        "driver_id": "cla",
        "parameter": "exit_rate",
        **proj(*CLA_EXIT_OUT),
        "source": f"DERIVED from {DFE}: children ceasing to be looked after / looked after at the "
        "start of the year: 764/1,801, 887/1,989, 724/1,814 (grade A); then held "
        "(ESTIMATE)",
    },
    {
        "scenario": TURNED_OUT,
        "driver_id": "cin",
        "parameter": "rate_change",
        **proj(*CIN_RATE_CHANGE_OUT),
        "source": f"DERIVED from {DFE}: children in need at 31 March 9,123, 9,676, 9,092, 8,414, "
        "9,000, 8,388 (b1_children_in_need_2013_to_2025.csv, grade A), as a rate per "
        "head of the model's population projection, year on year",
    },
    {
        "scenario": TURNED_OUT,
        "driver_id": "cpp",
        "parameter": "share",
        **proj(*CPP_SHARE_OUT),
        "source": f"DERIVED from {DFE}: children on protection plans at 31 March 1,280, 845, 983, "
        "1,193, 1,289 (d5_cpps_at31march_by_duration_2013_to_2025.csv, grade A) over "
        "children in need",
    },
]

SCENARIOS.append(
    {
        "scenario": TURNED_OUT,
        "inflation_scenario": "outturn",
        "initiatives": "all",
        "description": (
            "The improvement plan with the demand and prices that were later recorded: looked-after "
            "entries and exits, children in need and protection plans from the DfE outturns (held "
            "where not published), and outturn inflation. The plan's effects apply on top."
        ),
        "source": "Ex-post check of the 2014 view (Overrides sheet)",
    }
)

# Uncertainty: one row per uncertain input; a draw applies one value per row to every
# projection year of every scenario (DESIGN.md "Uncertainty"). Ranges are ESTIMATEs from
# the evidence below; data/SOURCES.md, "Uncertainty", gives the reasoning in full.
SW_PREMIUM_RANGE = (0.4, 0.5, 0.7)  # agency premium: low, central (the sample's), high
SW_COST_FACTOR = [1 + SW_AGENCY_SHARE * m for m in SW_PREMIUM_RANGE]  # 1.12, 1.15, 1.21
SW_UNIT_COST_RANGE = [round(f / SW_COST_FACTOR[1] - 1, 3) for f in SW_COST_FACTOR]
assert SW_UNIT_COST_RANGE == [-0.026, 0.0, 0.052]
UNCERTAINTY = [
    {
        "target": "inflation:placements",
        "distribution": "pert",
        "p1": -0.01,
        "p2": 0.0,
        "p3": 0.03,
        "description": (
            "Placement fees: points a year added to the 3% (CPI + 1) assumed. Skewed up: a "
            "sellers' market in short supply, where independent children's home prices rose "
            "about 6% a year (residential is 35% of placement spend, so homes alone at 6% add "
            "about 1 point; every placement at 6% adds 3). Down to 1 point less if CPI runs "
            "near 1%. Most likely as assumed"
        ),
        "source": (
            "ESTIMATE. Homes' prices: NCERCC/Revolution Consulting, 17 Feb 2020 (grade B); the "
            "outturn blend was 2.8% to 4.6% a year (Inflation sheet, outturn scenario)"
        ),
    },
    {
        "target": "inflation:pay",
        "distribution": "pert",
        "p1": -0.01,
        "p2": 0.0,
        "p3": 0.01,
        "description": (
            "Pay awards: points a year either side of the 1% assumed, from a freeze (as in "
            "2010-11 to 2012-13) to 2% (the pre-2010 norm). Pay is the largest price category "
            "(social work, adoption, commissioning, LSCB, family support: £79.7m in 2013-14)"
        ),
        "source": (
            "ESTIMATE. Public sector pay policy, Budget 2014 (Employee Benefits, Mar 2014, "
            "grade B); NJC awards later ran at 1% to 2% (Inflation sheet, outturn scenario)"
        ),
    },
    {
        "target": "entries:cla",
        "distribution": "pert",
        "p1": -0.10,
        "p2": 0.0,
        "p3": 0.20,
        "description": (
            "Entries to care (the looked-after rate's inflow), proportional change in every "
            "year. The two years behind the assumed rate differ by 8% (708 starts in 2012-13, "
            "653 in 2013-14). Skewed up: an authority judged inadequate resets thresholds, "
            "and the base may be depressed by the 2013-14 case-closure exercise (Known "
            "limitations); looked-after children in fact rose 10% in 2014-15"
        ),
        "source": "ESTIMATE from SFR36/2013 and SFR36/2014 starts (grade A); outturn 1,989 at "
        "31 March 2015 (SSDA903, grade A), for reference",
    },
    {
        "target": "exit_rate:cla",
        "distribution": "normal",
        "p1": 0.0,
        "p2": 0.015,
        "description": (
            "Exits from care (the looked-after rate's outflow): points added to the 0.40 exit "
            "rate, measured on one year only (758 ceased / 1,892). A standard deviation of "
            "1.5 points is about 28 children a year leaving care, half the movement in entries "
            "between 2012-13 and 2013-14 (55)"
        ),
        "source": "ESTIMATE from SFR36/2014 and SFR36/2013 (grade A)",
    },
    {
        "target": "rate_change:cin",
        "distribution": "normal",
        "p1": 0.0,
        "p2": 0.01,
        "description": (
            "Children in need: points a year added to the rate's assumed change (+1.5% a year "
            "for four years, to England's rate, then 0). One point a year either way moves the "
            "2018-19 rate by about 5%: nearly 500 children, or 24 social workers at a caseload "
            "of 20. The base may be depressed by the 2013-14 case closures (Known limitations)"
        ),
        "source": (
            "ESTIMATE. Outturn for reference: 9,676 (2015), 9,092 (2016), 8,414 (2017) "
            "children in need (CIN, grade A)"
        ),
    },
    {
        "target": "unit_cost:social_workers",
        "distribution": "triangular",
        "p1": SW_UNIT_COST_RANGE[0],
        "p2": SW_UNIT_COST_RANGE[1],
        "p3": SW_UNIT_COST_RANGE[2],
        "description": (
            "The agency premium, expressed as the social workers' cost per FTE: the premium "
            "is 0.4 to 0.7 (0.5 assumed) on the 30% of FTE from agencies, so the cost per FTE "
            "moves by (1 + 0.3 x 0.4) / 1.15 - 1 = -2.6% to (1 + 0.3 x 0.7) / 1.15 - 1 = "
            "+5.2%. The agency share is held at 30% on this line (the planned fall is the "
            "agency_reduction saving), so the mapping holds in every year"
        ),
        "source": (
            "ESTIMATE. Premium range as on CostLines (the council made permanent a '68% pay "
            "rise' for agency staff, BBC Oct 2014, grade B)"
        ),
    },
    {
        "target": "effect:early_help",
        "distribution": "pert",
        "p1": 0.0,
        "p2": 0.7,
        "p3": 1.2,
        "description": (
            "Delivery of the early-help effect (5% fewer children in need, 3% fewer looked "
            "after at full effect): the fraction delivered, most likely 70%, from none to "
            "120%. The effects are ESTIMATEs with no local evaluation, evidence on early "
            "help's effect on statutory demand was mixed, and appraisal guidance expects "
            "benefits to be overstated (optimism bias)"
        ),
        "source": (
            "ESTIMATE. HM Treasury, The Green Book (2003), optimism bias; Allen, Early "
            "intervention: the next steps (2011), for the case and its limits"
        ),
    },
    {
        "target": "effect:placement_mix",
        "distribution": "pert",
        "p1": 0.2,
        "p2": 0.75,
        "p3": 1.1,
        "description": (
            "Delivery of the placement-mix saving (55 fewer agency placements at full effect): "
            "the fraction delivered, most likely 75%, as recruiting council foster carers is "
            "slow and the carers recruited may take children who would not have gone to an "
            "agency"
        ),
        "source": "ESTIMATE",
    },
    {
        "target": "delivery:agency_reduction",
        "distribution": "pert",
        "p1": 0.2,
        "p2": 0.75,
        "p3": 1.0,
        "description": (
            "Delivery of the agency-conversion saving: the fraction delivered, most likely "
            "75%, at worst 20%. It needs about 70 permanent social workers recruited in a "
            "national shortage; no more than 100%, as the 15% target is England's level. For "
            "reference, a third of frontline posts were still agency-filled at end January "
            "2015"
        ),
        "source": "ESTIMATE. Agency share in 2015: CYP Now 13 Mar 2015 (grade B), for reference",
    },
]

SHEETS = [
    ("Settings", ["setting", "value", "source"], SETTINGS),
    ("Populations", ["population_id", "name", *YEARS, "source", "notes"], POPULATIONS),
    (
        "Drivers",
        ["driver_id", "name", "unit", "method", "basis", "base_volume", "source", "notes"],
        DRIVERS,
    ),
    (
        "DriverAssumptions",
        ["driver_id", "parameter", *YEARS, "source", "notes"],
        DRIVER_ASSUMPTIONS,
    ),
    (
        "CostLines",
        [
            "line_id",
            "name",
            "service_area",
            "type",
            "driver_id",
            "inflation",
            "unit_cost",
            "base_cost",
            "cost_per_fte",
            "agency_premium",
            "source",
            "notes",
        ],
        COST_LINES,
    ),
    ("CostAssumptions", ["line_id", "parameter", *YEARS, "source"], COST_ASSUMPTIONS),
    (
        "Improvement",
        ["initiative_id", "name", "service_area", "kind", "inflation", *YEARS, "source"],
        IMPROVEMENT,
    ),
    ("Effects", ["initiative_id", "driver_id", "effect", *YEARS, "source"], EFFECTS),
    ("Inflation", ["scenario", "category", *YEARS, "source"], INFLATION),
    ("Funding", ["funding_id", "name", *YEARS, "source"], FUNDING),
    ("Overrides", ["scenario", "driver_id", "parameter", *YEARS, "source"], OVERRIDES),
    (
        "Scenarios",
        ["scenario", "inflation_scenario", "initiatives", "description", "source"],
        SCENARIOS,
    ),
    (
        "Uncertainty",
        ["target", "distribution", "p1", "p2", "p3", "description", "source"],
        UNCERTAINTY,
    ),
]

WIDE_COLUMNS = {"source": 100, "notes": 60, "name": 44, "description": 60}


def write(path=OUT):
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties(
        {
            "title": "Birmingham 2014 sample: children's social care five-year budget",
            "subject": "budgetmodel input workbook",
            "author": "budgetmodel",
            "comments": "Built by data/build_birmingham_2014.py; sources in data/SOURCES.md",
            "created": datetime.datetime(2014, 12, 1),
        }
    )
    bold = workbook.add_format({"bold": True})
    for name, columns, rows in SHEETS:
        sheet = workbook.add_worksheet(name)
        for col, header in enumerate(columns):
            sheet.write_string(0, col, header, bold)
            sheet.set_column(col, col, WIDE_COLUMNS.get(header, max(12, len(header) + 2)))
        for r, row in enumerate(rows, start=1):
            unknown = set(row) - set(columns)
            assert not unknown, (name, unknown)
            for col, header in enumerate(columns):
                value = row.get(header)
                if value is None:
                    continue  # blank cell
                if isinstance(value, str):
                    sheet.write_string(r, col, value)
                else:
                    sheet.write_number(r, col, value)
        sheet.freeze_panes(1, 0)
    workbook.close()


if __name__ == "__main__":
    write()
    print(f"wrote {OUT}")
