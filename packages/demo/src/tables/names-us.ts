/**
 * U.S. given names and surnames, weighted roughly like their frequency in the United States
 * (orders of magnitude from general knowledge of Social Security and Census name rankings; no data
 * file was copied). Hispanic surnames are not listed here: Hispanic-American people draw theirs from
 * the Mexican table (see people.ts), which is how the U.S. Census' most common Hispanic surnames
 * (Garcia, Rodriguez, Martinez, Hernandez, Lopez…) arise.
 *
 * U.S. naming: first name, middle name (often reduced to an initial in records), one surname;
 * a married woman often takes her husband's surname; children take the father's.
 */

export const US_MALE_GIVEN: ReadonlyArray<readonly [string, number]> = [
  ['James', 33], ['Robert', 32], ['John', 32], ['Michael', 29], ['David', 24], ['William', 23], ['Richard', 17],
  ['Joseph', 16], ['Thomas', 14], ['Christopher', 13], ['Charles', 13], ['Daniel', 12], ['Matthew', 11],
  ['Anthony', 10], ['Mark', 10], ['Donald', 10], ['Steven', 9], ['Andrew', 8], ['Paul', 8], ['Joshua', 8],
  ['Kenneth', 8], ['Kevin', 7], ['Brian', 7], ['Timothy', 6], ['Ronald', 6], ['George', 6], ['Jason', 6],
  ['Edward', 6], ['Jeffrey', 6], ['Ryan', 6], ['Jacob', 5], ['Nicholas', 5], ['Gary', 5], ['Eric', 5],
  ['Jonathan', 5], ['Stephen', 5], ['Larry', 4], ['Justin', 4], ['Scott', 4], ['Brandon', 4], ['Benjamin', 4],
  ['Samuel', 4], ['Gregory', 4], ['Alexander', 4], ['Patrick', 4], ['Frank', 4], ['Raymond', 3], ['Jack', 3],
  ['Dennis', 3], ['Jerry', 3], ['Tyler', 3], ['Aaron', 3], ['Henry', 3], ['Adam', 3], ['Douglas', 3],
  ['Nathan', 3], ['Peter', 3], ['Zachary', 3], ['Kyle', 3], ['Noah', 3], ['Ethan', 3], ['Logan', 2],
  ['Dylan', 2], ['Austin', 2], ['Wayne', 2], ['Travis', 2], ['Cody', 2], ['Dustin', 2], ['Bradley', 2],
];

export const US_FEMALE_GIVEN: ReadonlyArray<readonly [string, number]> = [
  ['Mary', 30], ['Patricia', 15], ['Jennifer', 15], ['Linda', 14], ['Elizabeth', 13], ['Barbara', 12],
  ['Susan', 11], ['Jessica', 10], ['Sarah', 10], ['Karen', 10], ['Lisa', 9], ['Nancy', 9], ['Betty', 8],
  ['Sandra', 8], ['Margaret', 8], ['Ashley', 8], ['Kimberly', 8], ['Emily', 7], ['Donna', 7], ['Michelle', 7],
  ['Carol', 7], ['Amanda', 7], ['Melissa', 6], ['Deborah', 6], ['Stephanie', 6], ['Rebecca', 6],
  ['Sharon', 5], ['Laura', 5], ['Cynthia', 5], ['Dorothy', 5], ['Amy', 5], ['Kathleen', 5], ['Angela', 5],
  ['Shirley', 4], ['Emma', 4], ['Brenda', 4], ['Pamela', 4], ['Nicole', 4], ['Anna', 4], ['Samantha', 4],
  ['Katherine', 4], ['Christine', 4], ['Debra', 3], ['Rachel', 3], ['Carolyn', 3], ['Janet', 3], ['Maria', 3],
  ['Heather', 3], ['Diane', 3], ['Julie', 3], ['Joyce', 3], ['Victoria', 3], ['Kelly', 3], ['Christina', 3],
  ['Lauren', 3], ['Olivia', 3], ['Megan', 3], ['Hannah', 2], ['Madison', 2], ['Abigail', 2], ['Brittany', 2],
  ['Tiffany', 2], ['Crystal', 2], ['Heidi', 1],
];

export const US_SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['Smith', 244], ['Johnson', 193], ['Williams', 163], ['Brown', 144], ['Jones', 143], ['Miller', 116],
  ['Davis', 112], ['Wilson', 80], ['Anderson', 78], ['Thomas', 76], ['Taylor', 75], ['Moore', 72],
  ['Jackson', 71], ['Martin', 70], ['Lee', 69], ['Thompson', 66], ['White', 66], ['Harris', 62], ['Clark', 56],
  ['Lewis', 53], ['Robinson', 53], ['Walker', 52], ['Young', 47], ['Allen', 47], ['King', 46], ['Wright', 46],
  ['Scott', 44], ['Nguyen', 44], ['Hill', 43], ['Green', 43], ['Adams', 42], ['Nelson', 42], ['Baker', 42],
  ['Hall', 41], ['Campbell', 38], ['Mitchell', 38], ['Carter', 37], ['Roberts', 37], ['Phillips', 34],
  ['Evans', 34], ['Turner', 33], ['Parker', 32], ['Edwards', 31], ['Collins', 31], ['Stewart', 30],
  ['Morris', 29], ['Murphy', 29], ['Cook', 28], ['Rogers', 28], ['Morgan', 26], ['Cooper', 26],
  ['Peterson', 26], ['Bailey', 26], ['Reed', 25], ['Kelly', 25], ['Howard', 25], ['Kim', 24], ['Cox', 24],
  ['Ward', 24], ['Richardson', 24], ['Watson', 23], ['Brooks', 23], ['Wood', 23], ['James', 23],
  ['Bennett', 22], ['Gray', 22], ['Hughes', 21], ['Price', 21], ['Sanders', 21], ['Patel', 20], ['Myers', 20],
  ['Long', 20], ['Ross', 20], ['Foster', 20], ['Powell', 19], ['Jenkins', 19], ['Perry', 19], ['Russell', 18],
  ['Sullivan', 18], ['Bell', 18], ['Coleman', 18], ['Butler', 18], ['Henderson', 17], ['Barnes', 17],
  ['Fisher', 16], ['Vasquez', 16], ['Simmons', 16], ['Graham', 15], ['Marshall', 15], ['Owens', 15],
  ['Harrison', 15], ['Gibson', 15], ['McDonald', 15], ['Wallace', 14], ['Hamilton', 14], ['Ford', 14],
  ['O\'Brien', 8], ['Schmidt', 9], ['Weber', 6],
];

/** Letters that open U.S. middle names, for the middle initial (A., J., M., L., R., E. lead). */
export const US_MIDDLE_INITIALS: ReadonlyArray<readonly [string, number]> = [
  ['A', 12], ['J', 11], ['M', 10], ['L', 9], ['R', 8], ['E', 8], ['D', 6], ['C', 6], ['S', 5], ['K', 4],
  ['W', 4], ['P', 3], ['T', 3], ['G', 3], ['H', 3], ['N', 2], ['B', 2], ['F', 2], ['V', 1], ['I', 1],
];
